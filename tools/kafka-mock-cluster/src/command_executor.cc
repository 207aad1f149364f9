#include "command_executor.h"

#include <sstream>

namespace mock_cluster {
namespace {

std::string Partition(const std::string& topic, int32_t partition) {
  return topic + "/" + std::to_string(partition);
}

std::string Describe(const GroupMotion& motion) {
  std::ostringstream text;
  switch (motion.kind) {
    case GroupMotion::Kind::kStill:
      return "stopped";
    case GroupMotion::Kind::kRate:
      text << "rate " << motion.rate;
      return text.str();
    case GroupMotion::Kind::kTrack:
      return "track " + std::to_string(motion.lag);
  }
  return "";
}

}  // namespace

Reply CommandExecutor::Execute(const std::string& line) {
  try {
    return Execute(ParseCommand(line));
  } catch (const CommandError& e) {
    return Reply{false, std::string("ERR ") + e.what(), false};
  }
}

Reply CommandExecutor::Execute(const Command& command) {
  try {
    std::string text =
        std::visit([this](const auto& c) { return Run(c); }, command);
    return Reply{true, "OK " + text,
                 std::holds_alternative<command::Quit>(command)};
  } catch (const std::exception& e) {
    return Reply{false, std::string("ERR ") + e.what(), false};
  }
}

std::string CommandExecutor::Run(const command::Produce& c) {
  Records records{.count = c.count,
                  .timestamp_ms = c.timestamp.Resolve(NowMs())};
  if (c.partition) {
    const int64_t high = cluster_.Produce(c.topic, *c.partition, records);
    return "produced " + std::to_string(c.count) + " to " +
           Partition(c.topic, *c.partition) + " high=" + std::to_string(high);
  }
  cluster_.ProduceToAll(c.topic, records);
  const int partitions = cluster_.PartitionCount(c.topic);
  return "produced " + std::to_string(c.count) + " to each of " +
         std::to_string(partitions) + " partitions of " + c.topic;
}

std::string CommandExecutor::Run(const command::Commit& c) {
  workload_.Commit(c.group, c.topic, c.partition, c.offset);
  return "committed " + c.group + " " + Partition(c.topic, c.partition) + "=" +
         std::to_string(c.offset);
}

std::string CommandExecutor::Run(const command::Leader& c) {
  cluster_.SetLeader(c.topic, c.partition, c.broker);
  return "leader " + Partition(c.topic, c.partition) + "=" +
         std::to_string(c.broker);
}

std::string CommandExecutor::Run(const command::BrokerDown& c) {
  cluster_.SetBrokerDown(c.broker);
  return "broker " + std::to_string(c.broker) + " down";
}

std::string CommandExecutor::Run(const command::BrokerUp& c) {
  cluster_.SetBrokerUp(c.broker);
  return "broker " + std::to_string(c.broker) + " up";
}

std::string CommandExecutor::Run(const command::TopicError& c) {
  cluster_.SetTopicError(c.topic, c.code);
  return "topic " + c.topic + " error=" + std::to_string(c.code);
}

std::string CommandExecutor::Run(const command::Group& c) {
  workload_.SetGroupMotion(c.group, c.motion);
  return "group " + c.group + " " + Describe(c.motion);
}

std::string CommandExecutor::Run(const command::ProducerRate& c) {
  workload_.SetProducerRate(c.topic, c.rate);
  std::ostringstream text;
  text << "producer " << c.topic << " rate " << c.rate;
  return text.str();
}

std::string CommandExecutor::Run(const command::Offsets& c) {
  const Watermarks marks =
      cluster_.QueryWatermarks(c.topic, c.partition, query_timeout_);
  return "low=" + std::to_string(marks.low) +
         " high=" + std::to_string(marks.high);
}

std::string CommandExecutor::Run(const command::Quit&) { return "bye"; }

}  // namespace mock_cluster
