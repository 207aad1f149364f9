#pragma once
// The receiver assembled: flags, storage directory, journal replay, engine,
// HTTP routes and SIGHUP reload, on top of exporter_kit::App.
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "engine.h"
#include "exporter_kit/app.h"
#include "http_api.h"
#include "kafka_admin.h"

namespace webhook_receiver {

struct ReceiverOptions {
  std::filesystem::path storage_path = "data";
  bool allow_unauthenticated = false;
  std::size_t max_body_bytes = 8u << 20;
  std::vector<std::string> extra_paths;
  EngineOptions engine;
};

/// Declares the receiver's flags on `app`.
void RegisterReceiverOptions(exporter_kit::App& app);
/// Reads and validates them; throws exporter_kit::ConfigError naming the flag.
ReceiverOptions ReadReceiverOptions(const exporter_kit::Config& config);
/// Refuses a non-loopback listen address without auth (unless allowed).
void CheckExposure(const exporter_kit::Config& config, bool auth_enabled,
                   bool allow_unauthenticated, const std::string& default_address);
/// Checks that every rule's escalation target exists; `has_target` is empty
/// when no escalation is configured.
void CheckTargets(const RuleSet& rules,
                  const std::function<bool(const std::string&)>& has_target);

class Receiver {
 public:
  /// Creates the storage directory, replays the journal and starts the
  /// engine. Throws exporter_kit::ConfigError if storage is unusable.
  Receiver(ReceiverOptions options, std::shared_ptr<const RuleSet> rules,
           Escalation* escalation, std::shared_ptr<KafkaAdmin> kafka_admin,
           std::shared_ptr<prometheus::Registry> registry);
  ~Receiver();

  /// Adds routes, the readiness check and the metrics registry to `app`.
  void Register(exporter_kit::App& app);
  void SetRules(std::shared_ptr<const RuleSet> rules) { engine_->SetRules(std::move(rules)); }
  void Stop();

 private:
  ReceiverOptions options_;
  std::shared_ptr<prometheus::Registry> registry_;
  std::unique_ptr<ReceiverMetrics> metrics_;
  std::unique_ptr<Journal> journal_;
  std::unique_ptr<Inbox> inbox_;
  std::unique_ptr<AuditLog> audit_;
  std::unique_ptr<ActionRunner> runner_;
  std::unique_ptr<Engine> engine_;
  std::unique_ptr<HttpApi> api_;
};

}  // namespace webhook_receiver
