#include "kafka_client/client.h"

#include <spdlog/spdlog.h>

#include <array>
#include <string>

#include "exporter_kit/config.h"

namespace kafka_client {
namespace {

using exporter_kit::ConfigError;

struct ConfDeleter {
  void operator()(rd_kafka_conf_t* conf) const { rd_kafka_conf_destroy(conf); }
};
using ConfPtr = std::unique_ptr<rd_kafka_conf_t, ConfDeleter>;

void SetProperty(rd_kafka_conf_t* conf, const Property& property) {
  std::array<char, 512> error{};
  const auto result = rd_kafka_conf_set(conf, property.key.c_str(),
                                        property.value.c_str(), error.data(),
                                        error.size());
  if (result == RD_KAFKA_CONF_OK) return;
  const std::string where = property.origin + ": " + property.key;
  if (result == RD_KAFKA_CONF_UNKNOWN) {
    throw ConfigError(where + ": unknown librdkafka property");
  }
  // librdkafka's message may quote the value: hide it for secrets.
  throw ConfigError(where + ": " +
                    (property.secret ? std::string("invalid value")
                                     : std::string(error.data())));
}

// librdkafka log levels are syslog levels. A refused connection is LOG_ERR
// there, but for a monitor it is an observation (kafka_broker_up), so warn;
// librdkafka's info chatter is debug to us.
void OnLog(const rd_kafka_t* rk, int level, const char* facility,
           const char* message) {
  const auto spd_level = level <= 2   ? spdlog::level::err
                         : level <= 4 ? spdlog::level::warn
                                      : spdlog::level::debug;
  spdlog::log(spd_level, "librdkafka {} {}: {}", rd_kafka_name(rk), facility,
              message);
}

void OnError(rd_kafka_t* rk, int error, const char* reason, void* /*opaque*/) {
  const auto code = static_cast<rd_kafka_resp_err_t>(error);
  // Connection failures repeat on every reconnect; the broker metrics show
  // them, so they are debug noise here.
  const bool transient = code == RD_KAFKA_RESP_ERR__TRANSPORT ||
                         code == RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN;
  spdlog::log(transient ? spdlog::level::debug : spdlog::level::warn,
              "kafka client {}: {}: {}", rd_kafka_name(rk),
              rd_kafka_err2name(code), reason);
}

}  // namespace

std::unique_ptr<Client> Client::Create(const Properties& properties,
                                       ClientSettings settings) {
  ConfPtr conf(rd_kafka_conf_new());
  Properties effective;
  effective.Set("statistics.interval.ms",
                std::to_string(settings.statistics_interval.count()),
                "statistics interval");
  // Reachability of every broker is a metric, so keep a connection to each.
  effective.Set("enable.sparse.connections", "false", "client defaults");
  for (const auto& property : properties.items()) {
    effective.Set(property.key, property.value, property.origin,
                  property.secret);
  }
  for (const auto& property : effective.items()) {
    SetProperty(conf.get(), property);
  }
  std::unique_ptr<Client> client(new Client());
  rd_kafka_conf_set_opaque(conf.get(), client.get());
  rd_kafka_conf_set_stats_cb(conf.get(), &Client::OnStatistics);
  rd_kafka_conf_set_error_cb(conf.get(), &OnError);
  rd_kafka_conf_set_log_cb(conf.get(), &OnLog);
  if (settings.on_delivery) {
    client->on_delivery_ = std::move(settings.on_delivery);
    rd_kafka_conf_set_dr_msg_cb(conf.get(), &Client::OnDelivery);
  }

  // The callbacks log from librdkafka's threads. spdlog creates its logger
  // registry on first use, inside libspdlog, where ThreadSanitizer cannot
  // see that creation ordered with those threads: create it before they start.
  spdlog::default_logger_raw();
  std::array<char, 512> error{};
  const auto type = settings.type == ClientType::kProducer ? RD_KAFKA_PRODUCER
                                                           : RD_KAFKA_CONSUMER;
  client->handle_ = rd_kafka_new(type, conf.get(), error.data(), error.size());
  if (client->handle_ == nullptr) {
    throw ConfigError(std::string("kafka client: ") + error.data());
  }
  conf.release();  // owned by the handle now
  spdlog::debug("kafka client {} created: {}", rd_kafka_name(client->handle_),
                effective.Describe());
  if (settings.background_poll) {
    client->poller_ = std::thread([c = client.get()] { c->PollLoop(); });
  }
  return client;
}

Client::~Client() {
  stopping_ = true;
  if (poller_.joinable()) poller_.join();
  if (handle_ != nullptr) rd_kafka_destroy(handle_);
}

std::optional<StatisticsSnapshot> Client::Statistics() const {
  std::lock_guard lock(statistics_mutex_);
  return statistics_;
}

int Client::OnStatistics(rd_kafka_t* /*rk*/, char* json, std::size_t length,
                         void* opaque) {
  auto* self = static_cast<Client*>(opaque);
  try {
    StatisticsSnapshot snapshot{ParseStatistics({json, length}),
                                std::chrono::steady_clock::now()};
    std::lock_guard lock(self->statistics_mutex_);
    if (self->statistics_) CarryRoundTrips(self->statistics_->statistics, snapshot.statistics);
    self->statistics_ = std::move(snapshot);
  } catch (const std::exception& e) {
    spdlog::warn("kafka client: ignoring statistics report: {}", e.what());
  }
  return 0;  // librdkafka frees the JSON
}

void Client::OnDelivery(rd_kafka_t* /*rk*/, const rd_kafka_message_t* message,
                        void* opaque) {
  static_cast<Client*>(opaque)->on_delivery_(*message);
}

void Client::PollLoop() {
  constexpr int kPollMs = 100;
  while (!stopping_) rd_kafka_poll(handle_, kPollMs);
}

}  // namespace kafka_client
