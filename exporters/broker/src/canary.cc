#include "canary.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <random>

#include "kafka_client/kafka_error.h"
#include "kafka_client/metadata.h"
#include "kafka_client/watermarks.h"
#include "parse_number.h"

namespace broker_exporter {
namespace {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

constexpr auto kRequestTimeout = 5s;

std::string RandomInstanceId() {
  std::random_device random;
  std::uniform_int_distribution<std::uint64_t> dist;
  std::array<char, 17> hex{};
  std::to_chars(hex.data(), hex.data() + 16, dist(random), 16);
  return std::string("kbe-") + hex.data();
}

kafka_client::Properties WithOverrides(
    const kafka_client::Properties& base,
    std::initializer_list<std::pair<const char*, std::string>> overrides) {
  kafka_client::Properties out = base;
  for (const auto& [key, value] : overrides) out.Set(key, value, "canary");
  return out;
}

// Payload: "<instance>/<seq>"; returns the sequence for our own messages.
std::optional<std::uint64_t> OurSequence(const rd_kafka_message_t& message,
                                         const std::string& instance) {
  const std::string_view payload(static_cast<const char*>(message.payload),
                                 message.len);
  if (!payload.starts_with(instance) || payload.size() <= instance.size() + 1 ||
      payload[instance.size()] != '/') {
    return std::nullopt;
  }
  return ParseNumber<std::uint64_t>(payload.substr(instance.size() + 1));
}

struct ListDeleter {
  void operator()(rd_kafka_topic_partition_list_t* list) const {
    rd_kafka_topic_partition_list_destroy(list);
  }
};

}  // namespace

Canary::Canary(CanaryOptions options, const kafka_client::Properties& connection)
    : options_(std::move(options)),
      instance_(RandomInstanceId()),
      ledger_(options_.timeout) {
  const auto timeout_ms = std::to_string(options_.timeout.count());
  kafka_client::ClientSettings producer_settings;
  producer_settings.on_delivery = [this](const rd_kafka_message_t& message) {
    const auto seq = reinterpret_cast<std::uintptr_t>(message._private);
    ledger_.Acknowledged(seq, message.err == RD_KAFKA_RESP_ERR_NO_ERROR,
                         Clock::now());
  };
  producer_ = kafka_client::Client::Create(
      WithOverrides(connection, {{"acks", "all"},
                                 {"linger.ms", "0"},
                                 {"message.timeout.ms", timeout_ms}}),
      std::move(producer_settings));
  kafka_client::ClientSettings consumer_settings;
  consumer_settings.type = kafka_client::ClientType::kConsumer;
  consumer_settings.background_poll = false;
  consumer_ = kafka_client::Client::Create(
      WithOverrides(connection, {{"group.id", instance_},
                                 {"enable.auto.commit", "false"},
                                 {"enable.partition.eof", "false"},
                                 {"fetch.wait.max.ms", "100"}}),
      std::move(consumer_settings));
  rd_kafka_poll_set_consumer(consumer_->get());
}

Canary::~Canary() {
  Stop();
  consumer_.reset();
  if (producer_) rd_kafka_purge(producer_->get(), RD_KAFKA_PURGE_F_QUEUE);
}

void Canary::Start() {
  thread_ = std::thread([this] { Run(); });
}

void Canary::Stop() {
  stopping_ = true;
  if (thread_.joinable()) thread_.join();
}

void Canary::Run() {
  auto next_reconcile = Clock::now();
  auto next_round = Clock::now();
  while (!stopping_) {
    const auto now = Clock::now();
    if (now >= next_reconcile) {
      try {
        Reconcile();
      } catch (const std::exception& e) {
        spdlog::warn("canary: cannot read topic {}: {}", options_.topic, e.what());
      }
      // Retry soon until the topic is usable, then at the refresh interval.
      next_reconcile = now + (leaders_.empty() ? options_.interval * 5
                                               : options_.metadata_refresh);
    }
    if (now >= next_round) {
      ProduceRound();
      ledger_.Expire(now);
      next_round = now + options_.interval;
    }
    ConsumeUntil(std::min(next_round, next_reconcile));
  }
}

void Canary::Reconcile() {
  const auto metadata = kafka_client::FetchMetadata(producer_->get(), kRequestTimeout);
  const auto topic = std::find_if(
      metadata.topics.begin(), metadata.topics.end(),
      [&](const auto& t) { return t.name == options_.topic; });
  std::vector<std::int32_t> brokers;
  for (const auto& broker : metadata.brokers) brokers.push_back(broker.id);
  if (topic == metadata.topics.end() || topic->partitions.empty()) {
    leaders_.clear();
    ledger_.SetLayout(leaders_, brokers);
    if (options_.create_topic) {
      CreateTopic(static_cast<int>(brokers.size()));
    } else {
      spdlog::warn("canary: topic {} does not exist and --canary.create-topic "
                   "is off", options_.topic);
    }
    return;
  }
  std::map<std::int32_t, std::int32_t> leaders;
  for (const auto& p : topic->partitions) leaders[p.id] = p.leader;
  ledger_.SetLayout(leaders, brokers);
  std::vector<std::int32_t> uncovered;
  for (const auto id : brokers) {
    if (std::none_of(leaders.begin(), leaders.end(),
                     [&](const auto& l) { return l.second == id; })) {
      uncovered.push_back(id);
    }
  }
  if (!uncovered.empty()) {
    spdlog::warn("canary: {} broker(s) lead no partition of {}; their "
                 "latency is not measured (add partitions or reassign)",
                 uncovered.size(), options_.topic);
  }
  leaders_ = std::move(leaders);
  Assign(leaders_);
}

void Canary::CreateTopic(int brokers) {
  const int partitions = std::max(1, brokers);
  const int replication = std::clamp(brokers, 1, 3);
  std::array<char, 256> error{};
  auto* spec = rd_kafka_NewTopic_new(options_.topic.c_str(), partitions,
                                     replication, error.data(), error.size());
  if (spec == nullptr) {
    spdlog::warn("canary: cannot create topic {}: {}", options_.topic, error.data());
    return;
  }
  auto* admin_options = rd_kafka_AdminOptions_new(producer_->get(),
                                                  RD_KAFKA_ADMIN_OP_CREATETOPICS);
  rd_kafka_AdminOptions_set_request_timeout(
      admin_options, static_cast<int>(std::chrono::milliseconds(kRequestTimeout).count()),
      error.data(), error.size());
  auto* queue = rd_kafka_queue_new(producer_->get());
  rd_kafka_CreateTopics(producer_->get(), &spec, 1, admin_options, queue);
  auto* event = rd_kafka_queue_poll(
      queue, static_cast<int>(std::chrono::milliseconds(kRequestTimeout).count()) + 1000);
  std::string outcome = "no answer";
  if (event != nullptr) {
    auto err = rd_kafka_event_error(event);
    if (err == RD_KAFKA_RESP_ERR_NO_ERROR) {
      std::size_t count = 0;
      const auto** results = rd_kafka_CreateTopics_result_topics(
          rd_kafka_event_CreateTopics_result(event), &count);
      if (count > 0) err = rd_kafka_topic_result_error(results[0]);
    }
    outcome = rd_kafka_err2str(err);
    rd_kafka_event_destroy(event);
  }
  rd_kafka_queue_destroy(queue);
  rd_kafka_AdminOptions_destroy(admin_options);
  rd_kafka_NewTopic_destroy(spec);
  spdlog::info("canary: creating topic {} with {} partitions, replication {}: {}",
               options_.topic, partitions, replication, outcome);
}

void Canary::Assign(const std::map<std::int32_t, std::int32_t>& leaders) {
  std::set<std::int32_t> partitions;
  for (const auto& [p, leader] : leaders) partitions.insert(p);
  if (partitions == assigned_) return;
  // Start at today's end, resolved now: messages produced from here on are
  // all consumed (assigning at END would race with the first round).
  std::vector<kafka_client::PartitionRef> refs;
  for (const auto& [p, leader] : leaders) refs.push_back({options_.topic, p, leader});
  const auto offsets = kafka_client::FetchWatermarks(producer_->get(), refs,
                                                     Clock::now() + kRequestTimeout);
  std::unique_ptr<rd_kafka_topic_partition_list_t, ListDeleter> list(
      rd_kafka_topic_partition_list_new(static_cast<int>(refs.size())));
  for (std::size_t i = 0; i < refs.size(); ++i) {
    rd_kafka_topic_partition_list_add(list.get(), options_.topic.c_str(),
                                      refs[i].partition)
        ->offset = offsets[i].ok() ? offsets[i].high : RD_KAFKA_OFFSET_END;
  }
  if (const auto err = rd_kafka_assign(consumer_->get(), list.get())) {
    throw kafka_client::KafkaError("canary consumer assign", err);
  }
  assigned_ = std::move(partitions);
}

void Canary::ProduceRound() {
  for (const auto& [partition, leader] : leaders_) {
    if (leader < 0) continue;  // offline: nothing to measure
    const auto seq = ledger_.Sent(leader, Clock::now());
    const std::string payload = instance_ + "/" + std::to_string(seq);
    std::array<rd_kafka_vu_t, 5> values{};
    values[0].vtype = RD_KAFKA_VTYPE_TOPIC;
    values[0].u.cstr = options_.topic.c_str();
    values[1].vtype = RD_KAFKA_VTYPE_PARTITION;
    values[1].u.i32 = partition;
    values[2].vtype = RD_KAFKA_VTYPE_VALUE;
    values[2].u.mem = {const_cast<char*>(payload.data()), payload.size()};
    values[3].vtype = RD_KAFKA_VTYPE_MSGFLAGS;
    values[3].u.i = RD_KAFKA_MSG_F_COPY;
    values[4].vtype = RD_KAFKA_VTYPE_OPAQUE;
    values[4].u.ptr = reinterpret_cast<void*>(static_cast<std::uintptr_t>(seq));
    if (auto* error = rd_kafka_produceva(producer_->get(), values.data(), values.size())) {
      ledger_.Acknowledged(seq, false, Clock::now());
      rd_kafka_error_destroy(error);
    }
  }
}

void Canary::ConsumeUntil(Clock::time_point until) {
  while (!stopping_) {
    const auto remaining =
        std::chrono::duration_cast<std::chrono::milliseconds>(until - Clock::now());
    if (remaining.count() <= 0) return;
    auto* message = rd_kafka_consumer_poll(
        consumer_->get(), static_cast<int>(std::min<std::int64_t>(remaining.count(), 100)));
    if (message == nullptr) continue;
    if (message->err == RD_KAFKA_RESP_ERR_NO_ERROR) {
      if (const auto seq = OurSequence(*message, instance_)) {
        ledger_.Received(*seq, Clock::now());
      }
    }
    rd_kafka_message_destroy(message);
  }
}

}  // namespace broker_exporter
