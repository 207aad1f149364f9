#pragma once
// The stdin command language (one command per line) and its pure parser.
//
//   produce <topic> <partition|*> <count> [timestamp_ms|-<duration>|now]
//   commit <group> <topic> <partition> <offset>
//   leader <topic> <partition> <broker|-1>
//   down <broker>            up <broker>
//   topicerr <topic> <code>
//   group <name> rate <records/s> | stop | track <lag>
//   rate <topic> <records/s>
//   offsets <topic> <partition>
//   quit
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>

#include "group_motion.h"
#include "time_spec.h"

namespace mock_cluster {

namespace command {

struct Produce {
  std::string topic;
  std::optional<int32_t> partition;  ///< nullopt: every partition ("*")
  int64_t count = 0;
  TimeSpec timestamp;
  friend bool operator==(const Produce&, const Produce&) = default;
};
struct Commit {
  std::string group, topic;
  int32_t partition = 0;
  int64_t offset = 0;
  friend bool operator==(const Commit&, const Commit&) = default;
};
struct Leader {
  std::string topic;
  int32_t partition = 0;
  int32_t broker = 0;  ///< -1: offline
  friend bool operator==(const Leader&, const Leader&) = default;
};
struct BrokerDown {
  int32_t broker = 0;
  friend bool operator==(const BrokerDown&, const BrokerDown&) = default;
};
struct BrokerUp {
  int32_t broker = 0;
  friend bool operator==(const BrokerUp&, const BrokerUp&) = default;
};
struct TopicError {
  std::string topic;
  int code = 0;
  friend bool operator==(const TopicError&, const TopicError&) = default;
};
struct Group {
  std::string group;
  GroupMotion motion;
  friend bool operator==(const Group&, const Group&) = default;
};
struct ProducerRate {
  std::string topic;
  double rate = 0;
  friend bool operator==(const ProducerRate&, const ProducerRate&) = default;
};
struct Offsets {
  std::string topic;
  int32_t partition = 0;
  friend bool operator==(const Offsets&, const Offsets&) = default;
};
struct Quit {
  friend bool operator==(const Quit&, const Quit&) = default;
};

}  // namespace command

using Command =
    std::variant<command::Produce, command::Commit, command::Leader,
                 command::BrokerDown, command::BrokerUp, command::TopicError,
                 command::Group, command::ProducerRate, command::Offsets,
                 command::Quit>;

/// \brief A line that is not a valid command; what() is the reason, ready
/// for an "ERR <reason>" reply.
class CommandError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// \brief Parses one line (surrounding blanks ignored). Checks syntax and
/// ranges only; whether the topic, group or broker exists is checked when
/// the command runs.
Command ParseCommand(std::string_view line);

}  // namespace mock_cluster
