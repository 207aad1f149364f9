#pragma once
// A long-lived librdkafka handle: created once at setup (every property
// checked), polled on its own thread so that statistics, errors and delivery
// reports are served, destroyed only at shutdown (never on a collect path:
// rd_kafka_destroy can block for seconds).
#include <librdkafka/rdkafka.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include "kafka_client/properties.h"
#include "kafka_client/statistics.h"

namespace kafka_client {

enum class ClientType { kProducer, kConsumer };

struct ClientSettings {
  ClientType type = ClientType::kProducer;
  /// How often librdkafka reports broker state and round-trip times.
  std::chrono::milliseconds statistics_interval{1000};
  /// Serve callbacks with rd_kafka_poll on a background thread. Turn off for
  /// a consumer whose owner calls rd_kafka_consumer_poll itself.
  bool background_poll = true;
  /// Called for every produced message's delivery report, on the thread
  /// that polls (the background one by default). Producers only.
  std::function<void(const rd_kafka_message_t&)> on_delivery;
};

/// \brief Statistics as last reported, with the local time they arrived.
struct StatisticsSnapshot {
  ClientStatistics statistics;
  std::chrono::steady_clock::time_point received;
};

class Client {
 public:
  /// \brief Creates the handle. Defaults that suit a monitoring client are
  /// applied first (connect to every broker, statistics on, quiet logs) and
  /// `properties` override them. A rejected property throws
  /// exporter_kit::ConfigError naming its origin and key (never a secret
  /// value); a handle librdkafka refuses to create throws ConfigError too.
  static std::unique_ptr<Client> Create(const Properties& properties,
                                        ClientSettings settings = {});
  ~Client();
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  rd_kafka_t* get() const { return handle_; }

  /// \brief The latest statistics report, or nullopt before the first one.
  std::optional<StatisticsSnapshot> Statistics() const;

 private:
  Client() = default;
  static int OnStatistics(rd_kafka_t* rk, char* json, std::size_t length,
                          void* opaque);
  static void OnDelivery(rd_kafka_t* rk, const rd_kafka_message_t* message,
                         void* opaque);
  void PollLoop();

  rd_kafka_t* handle_ = nullptr;
  std::function<void(const rd_kafka_message_t&)> on_delivery_;
  std::atomic<bool> stopping_{false};
  std::thread poller_;
  mutable std::mutex statistics_mutex_;
  std::optional<StatisticsSnapshot> statistics_;
};

}  // namespace kafka_client
