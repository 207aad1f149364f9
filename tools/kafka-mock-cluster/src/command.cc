#include "command.h"

#include <limits>
#include <vector>

#include "number.h"

namespace mock_cluster {
namespace {

std::vector<std::string_view> Words(std::string_view line) {
  std::vector<std::string_view> words;
  size_t pos = 0;
  while (pos < line.size()) {
    const size_t start = line.find_first_not_of(" \t\r", pos);
    if (start == std::string_view::npos) break;
    const size_t end = line.find_first_of(" \t\r", start);
    words.push_back(line.substr(start, end - start));
    pos = end;
  }
  return words;
}

// Reads the words of one command, naming the argument at fault.
class Arguments {
 public:
  Arguments(std::vector<std::string_view> words, std::string usage)
      : words_(std::move(words)), usage_(std::move(usage)) {}

  void ExpectCount(size_t min, size_t max) const {
    const size_t given = words_.size() - 1;
    if (given < min || given > max) {
      throw CommandError("usage: " + usage_);
    }
  }
  bool Has(size_t i) const { return i < words_.size(); }
  std::string_view Word(size_t i) const { return words_.at(i); }

  int64_t Integer(size_t i, std::string_view what, int64_t min,
                  int64_t max) const {
    const auto value = ParseInteger(words_.at(i));
    if (!value || *value < min || *value > max) {
      throw CommandError(std::string(what) + " must be an integer in [" +
                         std::to_string(min) + ", " + std::to_string(max) +
                         "], got '" + std::string(words_.at(i)) + "'");
    }
    return *value;
  }
  int32_t Partition(size_t i) const {
    return static_cast<int32_t>(
        Integer(i, "partition", 0, std::numeric_limits<int32_t>::max()));
  }
  int32_t Broker(size_t i, bool allow_offline) const {
    return static_cast<int32_t>(
        Integer(i, allow_offline ? "broker (or -1)" : "broker",
                allow_offline ? -1 : 1, std::numeric_limits<int32_t>::max()));
  }
  double Rate(size_t i) const {
    const auto value = ParseRate(words_.at(i));
    if (!value) {
      throw CommandError("rate must be a number of records/s >= 0, got '" +
                         std::string(words_.at(i)) + "'");
    }
    return *value;
  }
  std::string Name(size_t i) const { return std::string(words_.at(i)); }

 private:
  std::vector<std::string_view> words_;
  std::string usage_;
};

constexpr int64_t kMaxInt64 = std::numeric_limits<int64_t>::max();
// A single command may not queue more records than this (bounded memory
// and a bounded wait for the reply); larger volumes belong in a scenario.
constexpr int64_t kMaxProduceCount = 1'000'000;

Command ParseProduce(const Arguments& args) {
  args.ExpectCount(3, 4);
  command::Produce produce{args.Name(1), std::nullopt, 0, TimeSpec{}};
  if (args.Word(2) != "*") produce.partition = args.Partition(2);
  produce.count = args.Integer(3, "count", 1, kMaxProduceCount);
  if (args.Has(4)) {
    try {
      produce.timestamp = ParseTimeSpec(args.Word(4));
    } catch (const std::invalid_argument& e) {
      throw CommandError(e.what());
    }
  }
  return produce;
}

Command ParseGroup(const Arguments& args) {
  args.ExpectCount(2, 3);
  command::Group group{args.Name(1), GroupMotion{}};
  const std::string_view mode = args.Word(2);
  if (mode == "stop") {
    args.ExpectCount(2, 2);
  } else if (mode == "rate") {
    args.ExpectCount(3, 3);
    group.motion = {GroupMotion::Kind::kRate, args.Rate(3), 0};
  } else if (mode == "track") {
    args.ExpectCount(3, 3);
    group.motion = {GroupMotion::Kind::kTrack, 0,
                    args.Integer(3, "lag", 0, kMaxInt64)};
  } else {
    throw CommandError("group mode must be rate, stop or track, got '" +
                       std::string(mode) + "'");
  }
  return group;
}

}  // namespace

Command ParseCommand(std::string_view line) {
  std::vector<std::string_view> words = Words(line);
  if (words.empty()) throw CommandError("empty command");
  const std::string verb(words.front());
  auto args = [&](const char* usage) { return Arguments(words, usage); };

  if (verb == "produce") {
    return ParseProduce(args(
        "produce <topic> <partition|*> <count> [timestamp_ms|-<duration>]"));
  }
  if (verb == "commit") {
    auto a = args("commit <group> <topic> <partition> <offset>");
    a.ExpectCount(4, 4);
    return command::Commit{a.Name(1), a.Name(2), a.Partition(3),
                           a.Integer(4, "offset", 0, kMaxInt64)};
  }
  if (verb == "leader") {
    auto a = args("leader <topic> <partition> <broker|-1>");
    a.ExpectCount(3, 3);
    return command::Leader{a.Name(1), a.Partition(2), a.Broker(3, true)};
  }
  if (verb == "down" || verb == "up") {
    auto a = args(verb == "down" ? "down <broker>" : "up <broker>");
    a.ExpectCount(1, 1);
    if (verb == "down") return command::BrokerDown{a.Broker(1, false)};
    return command::BrokerUp{a.Broker(1, false)};
  }
  if (verb == "topicerr") {
    auto a = args("topicerr <topic> <code>");
    a.ExpectCount(2, 2);
    return command::TopicError{
        a.Name(1), static_cast<int>(a.Integer(2, "error code", 0, 32767))};
  }
  if (verb == "group") {
    return ParseGroup(args("group <name> rate <records/s>|stop|track <lag>"));
  }
  if (verb == "rate") {
    auto a = args("rate <topic> <records/s>");
    a.ExpectCount(2, 2);
    return command::ProducerRate{a.Name(1), a.Rate(2)};
  }
  if (verb == "offsets") {
    auto a = args("offsets <topic> <partition>");
    a.ExpectCount(2, 2);
    return command::Offsets{a.Name(1), a.Partition(2)};
  }
  if (verb == "quit") {
    args("quit").ExpectCount(0, 0);
    return command::Quit{};
  }
  throw CommandError("unknown command '" + verb +
                     "' (want produce, commit, leader, down, up, topicerr, "
                     "group, rate, offsets or quit)");
}

}  // namespace mock_cluster
