#pragma once
// Generated scenarios for benchmarks: many partitions, a little history on
// each and many groups with committed offsets (see README.md).
#include <cstdint>

#include "scenario.h"

namespace mock_cluster {

struct ScaleOptions {
  int topics = 0;       ///< 0: no scale scenario
  int partitions = 10;  ///< per topic
  int messages = 5;     ///< per partition
  int groups = 0;
};

/// \brief Topics scale-topic-0000.. with `messages` records per partition
/// spread over the last 10 minutes; group i (scale-group-0000..) commits
/// every partition of topic i % topics with lag i % (messages + 1).
/// Throws ScenarioError naming the --scale.* flag out of range.
Scenario MakeScaleScenario(const ScaleOptions& options, int brokers,
                           int64_t now_ms);

}  // namespace mock_cluster
