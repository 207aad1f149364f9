#include "kafka_action.h"

#include <charconv>

#include "exporter_kit/duration.h"

namespace webhook_receiver {
namespace {

bool ParseInt(const std::string& text, std::int64_t& out) {
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size();
}

// Retention as milliseconds, or in Prometheus duration syntax ("3d").
bool ParseRetention(const std::string& text, std::int64_t& out) {
  if (ParseInt(text, out)) return true;
  try {
    out = exporter_kit::ParseDuration(text).count();
    return true;
  } catch (const std::invalid_argument&) {
    return false;
  }
}

ActionResult Failed(std::string detail) {
  ActionResult result;
  result.detail = std::move(detail);
  return result;
}

}  // namespace

ActionResult KafkaActionRunner::Run(const ActionSpec& spec,
                                    const ActionContext& context) {
  if (!admin_) return Failed("no Kafka connection configured (kafka.bootstrap.servers)");
  std::string topic = spec.topic.Render(context.params);
  try {
    ActionResult result = spec.operation == KafkaOperation::kEnsurePartitions
                              ? EnsurePartitions(spec, context, topic)
                              : SetRetention(spec, context, topic);
    result.record["topic"] = topic;
    return result;
  } catch (const KafkaAdminError& e) {
    ActionResult result = Failed(std::string("kafka: ") + e.what());
    result.record["topic"] = topic;
    return result;
  }
}

ActionResult KafkaActionRunner::EnsurePartitions(const ActionSpec& spec,
                                                 const ActionContext& context,
                                                 const std::string& topic) {
  std::int64_t wanted = 0;
  std::string text = spec.partitions.Render(context.params);
  if (!ParseInt(text, wanted) || wanted < 1) {
    return Failed("partitions \"" + text + "\" is not a positive integer");
  }
  if (wanted > spec.max_partitions) {
    return Failed("refused: " + std::to_string(wanted) + " partitions is above the ceiling of " +
                  std::to_string(spec.max_partitions));
  }
  int current = admin_->PartitionCount(topic, spec.timeout);
  ActionResult result;
  result.record = {{"operation", "ensure_partitions"}, {"previous", current},
                   {"wanted", wanted}};
  if (current >= wanted) {
    result.outcome = ActionOutcome::kSuccess;
    result.detail = "already " + std::to_string(current) + " partitions";
    return result;
  }
  admin_->CreatePartitions(topic, static_cast<int>(wanted), context.dry_run, spec.timeout);
  result.outcome = context.dry_run ? ActionOutcome::kDryRun : ActionOutcome::kSuccess;
  result.detail = std::string(context.dry_run ? "validated: " : "") + "partitions " +
                  std::to_string(current) + " -> " + std::to_string(wanted);
  return result;
}

ActionResult KafkaActionRunner::SetRetention(const ActionSpec& spec,
                                             const ActionContext& context,
                                             const std::string& topic) {
  std::int64_t wanted = 0;
  std::string text = spec.retention.Render(context.params);
  if (!ParseRetention(text, wanted) || wanted < 1) {
    return Failed("retention \"" + text + "\" is not a duration");
  }
  if (wanted < spec.min_retention.count()) {
    return Failed("refused: retention " + std::to_string(wanted) +
                  " ms is below the floor of " +
                  std::to_string(spec.min_retention.count()) + " ms");
  }
  std::int64_t current = admin_->RetentionMs(topic, spec.timeout);
  ActionResult result;
  result.record = {{"operation", "set_retention"}, {"previous", current},
                   {"wanted", wanted}};
  if (current == wanted) {
    result.outcome = ActionOutcome::kSuccess;
    result.detail = "retention.ms already " + std::to_string(current);
    return result;
  }
  admin_->SetRetentionMs(topic, wanted, context.dry_run, spec.timeout);
  result.outcome = context.dry_run ? ActionOutcome::kDryRun : ActionOutcome::kSuccess;
  result.detail = std::string(context.dry_run ? "validated: " : "") + "retention.ms " +
                  std::to_string(current) + " -> " + std::to_string(wanted);
  return result;
}

}  // namespace webhook_receiver
