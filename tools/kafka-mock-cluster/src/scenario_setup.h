#pragma once
// Builds a scenario in a fresh cluster: topics, fixed leaders, history,
// committed group offsets and the workload's producers and groups. Logs how
// long each step took (stderr) so large shapes can be tuned.
#include "mock_cluster/mock_cluster.h"
#include "scenario.h"
#include "workload.h"

namespace mock_cluster {

/// Throws MockClusterError naming the step that failed.
void ApplyScenario(const Scenario& scenario, MockCluster& cluster,
                   Workload& workload);

}  // namespace mock_cluster
