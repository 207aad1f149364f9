#pragma once
// kafka actions with guards. ensure_partitions raises a topic to at least N
// partitions, never above the rule's ceiling, and treats "already N or more"
// as done. set_retention sets retention.ms, never below the rule's floor.
// Both record the previous value (for rollback) and, in dry run, ask the
// broker to validate only.
#include <memory>

#include "action.h"
#include "kafka_admin.h"

namespace webhook_receiver {

class KafkaActionRunner : public ActionRunner {
 public:
  /// `admin` may be null when no Kafka connection is configured: kafka
  /// actions then fail with a message saying so.
  explicit KafkaActionRunner(std::shared_ptr<KafkaAdmin> admin)
      : admin_(std::move(admin)) {}
  ActionResult Run(const ActionSpec& spec, const ActionContext& context) override;

 private:
  ActionResult EnsurePartitions(const ActionSpec& spec, const ActionContext& context,
                                const std::string& topic);
  ActionResult SetRetention(const ActionSpec& spec, const ActionContext& context,
                            const std::string& topic);
  std::shared_ptr<KafkaAdmin> admin_;
};

}  // namespace webhook_receiver
