#include "scale_scenario.h"

#include <cstdio>
#include <string>

namespace mock_cluster {
namespace {

void CheckRange(const char* flag, int64_t value, int64_t min, int64_t max) {
  if (value < min || value > max) {
    throw ScenarioError(std::string("--scale.") + flag + ": must be in [" +
                        std::to_string(min) + ", " + std::to_string(max) +
                        "], got " + std::to_string(value));
  }
}

std::string Numbered(const char* prefix, int i) {
  char name[64];
  std::snprintf(name, sizeof(name), "%s-%04d", prefix, i);
  return name;
}

}  // namespace

Scenario MakeScaleScenario(const ScaleOptions& options, int brokers,
                           int64_t now_ms) {
  // The 2.0.2 mock stalls for minutes creating more than ~1,000 topics.
  CheckRange("topics", options.topics, 1, 1000);
  CheckRange("partitions", options.partitions, 1, 10'000);
  CheckRange("messages", options.messages, 0, 100'000);
  CheckRange("groups", options.groups, 0, 100'000);
  CheckRange("topics x --scale.partitions",
             int64_t{options.topics} * options.partitions, 1, 1'000'000);
  if (brokers < 1 || brokers > 100) {
    throw ScenarioError("--brokers: must be in [1, 100]");
  }
  Scenario scenario;
  scenario.brokers = brokers;
  for (int t = 0; t < options.topics; ++t) {
    TopicSpec topic{Numbered("scale-topic", t), options.partitions, {}, {}};
    if (options.messages > 0) {
      topic.messages.push_back(
          MessageSpec{{},
                      Records{.count = options.messages,
                              .timestamp_ms = now_ms - 600'000,
                              .last_timestamp_ms = now_ms}});
    }
    scenario.topics.push_back(std::move(topic));
  }
  for (int g = 0; g < options.groups; ++g) {
    GroupTopicSpec consumed{scenario.topics[g % options.topics].name,
                            {},
                            std::nullopt,
                            g % (options.messages + 1)};
    scenario.groups.push_back(
        GroupSpec{Numbered("scale-group", g), {consumed}, GroupMotion{}});
  }
  return scenario;
}

}  // namespace mock_cluster
