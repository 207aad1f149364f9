#pragma once
// A scenario: the cluster shape, its history and how it moves, as read from
// YAML (documented in README.md). Parsing is pure: it only needs the text
// and "now" to resolve relative timestamps.
#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "command.h"
#include "group_motion.h"
#include "mock_cluster/mock_cluster.h"

namespace mock_cluster {

/// \brief A scenario that cannot be used; what() names the key at fault,
/// e.g. "topics[1].partitions: must be an integer in [1, 100000]".
class ScenarioError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct MessageSpec {
  std::vector<int32_t> partitions;  ///< empty: every partition of the topic
  Records records;                  ///< timestamps already resolved
};

struct TopicSpec {
  std::string name;
  int partitions = 1;
  std::map<int32_t, int32_t> leaders;  ///< partition -> broker (-1 offline)
  std::vector<MessageSpec> messages;
};

struct ProducerSpec {
  std::string topic;
  double rate = 0;  ///< records per second over the topic's partitions
};

struct GroupTopicSpec {
  std::string topic;
  std::map<int32_t, int64_t> offsets;  ///< explicit committed offsets
  std::optional<int64_t> offset;       ///< for every other partition
  std::optional<int64_t> lag;          ///< else: end offset minus lag at setup
};

struct GroupSpec {
  std::string name;
  std::vector<GroupTopicSpec> topics;
  GroupMotion motion;
};

struct EventSpec {
  std::chrono::milliseconds at{0};  ///< after READY
  std::string text;                 ///< the command line, for logs
  Command command;
};

struct Scenario {
  int brokers = 3;
  std::vector<TopicSpec> topics;
  std::vector<ProducerSpec> producers;
  std::vector<GroupSpec> groups;
  std::vector<EventSpec> events;  ///< sorted by `at`

  const TopicSpec* FindTopic(const std::string& name) const;
};

/// \brief Parses scenario YAML. `brokers_override` (from --brokers) replaces
/// the file's broker count before leaders are checked against it.
Scenario ParseScenario(const std::string& yaml, int64_t now_ms,
                       std::optional<int> brokers_override = std::nullopt);

/// \brief Reads and parses a file; errors start with the file name.
Scenario LoadScenarioFile(const std::string& path, int64_t now_ms,
                          std::optional<int> brokers_override = std::nullopt);

}  // namespace mock_cluster
