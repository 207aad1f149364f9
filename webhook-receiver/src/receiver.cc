#include "receiver.h"

#include <sys/stat.h>

#include <spdlog/spdlog.h>

#include "action_dispatcher.h"
#include "exporter_kit/duration.h"

namespace webhook_receiver {
namespace {

namespace po = boost::program_options;
using exporter_kit::ConfigError;
using exporter_kit::Duration;

Millis PositiveDuration(const exporter_kit::Config& config, const char* flag) {
  Millis value = config.Get<Duration>(flag).value;
  if (value.count() <= 0) throw ConfigError(std::string("--") + flag + ": must be positive");
  return value;
}

int AtLeast(const exporter_kit::Config& config, const char* flag, int min) {
  int value = config.Get<int>(flag);
  if (value < min) {
    throw ConfigError(std::string("--") + flag + ": must be at least " + std::to_string(min));
  }
  return value;
}

}  // namespace

void RegisterReceiverOptions(exporter_kit::App& app) {
  using namespace std::chrono_literals;
  app.AddOptions()
      ("storage.path", po::value<std::string>()->default_value("./data"),
       "Directory for the journal (acknowledged notifications and episode state) and the "
       "audit log; created if missing.")
      ("web.allow-unauthenticated", po::bool_switch(),
       "Allow listening on a non-loopback address without authentication in "
       "--web.config.file.")
      ("web.max-body-bytes", po::value<std::size_t>()->default_value(8u << 20),
       "Largest accepted webhook body; larger ones get 413.")
      ("web.alerts-path", po::value<std::vector<std::string>>(),
       "Extra path serving the same intake as /api/v1/alerts, repeatable.")
      ("actions.dry-run", po::bool_switch(),
       "Global dry run: no rule acts for real (commands and requests are only logged, Kafka "
       "changes only validated).")
      ("actions.concurrency", po::value<int>()->default_value(4),
       "Actions running at the same time, at most.")
      ("breaker.max-actions", po::value<int>()->default_value(20),
       "Blast-radius breaker: this many actions within --breaker.window trips it, stopping "
       "all actions and paging with the list of targets.")
      ("breaker.window", po::value<Duration>()->default_value(Duration{10min}),
       "Window over which the breaker counts actions.")
      ("breaker.open-for", po::value<Duration>()->default_value(Duration{30min}),
       "How long a tripped breaker keeps actions stopped.")
      ("episodes.retention", po::value<Duration>()->default_value(Duration{7 * 24h}),
       "How long finished episodes are remembered (duplicates of older ones are new "
       "episodes).")
      ("journal.compact-bytes", po::value<std::size_t>()->default_value(64u << 20),
       "Rewrite the journal with only the live state when it grows past this size.");
}

ReceiverOptions ReadReceiverOptions(const exporter_kit::Config& config) {
  ReceiverOptions options;
  options.storage_path = config.Get<std::string>("storage.path");
  if (options.storage_path.empty()) throw ConfigError("--storage.path: must not be empty");
  options.allow_unauthenticated = config.Get<bool>("web.allow-unauthenticated");
  options.max_body_bytes = config.Get<std::size_t>("web.max-body-bytes");
  if (options.max_body_bytes < 1024) throw ConfigError("--web.max-body-bytes: must be at least 1024");
  options.extra_paths = config.List("web.alerts-path");
  for (const std::string& path : options.extra_paths) {
    if (!path.starts_with('/')) throw ConfigError("--web.alerts-path: \"" + path + "\" must start with /");
  }
  EngineOptions& e = options.engine;
  e.dry_run = config.Get<bool>("actions.dry-run");
  e.concurrency = AtLeast(config, "actions.concurrency", 1);
  e.breaker_max_actions = AtLeast(config, "breaker.max-actions", 1);
  e.breaker_window = PositiveDuration(config, "breaker.window");
  e.breaker_open_for = PositiveDuration(config, "breaker.open-for");
  e.retention = PositiveDuration(config, "episodes.retention");
  e.compact_bytes = config.Get<std::size_t>("journal.compact-bytes");
  if (e.compact_bytes < 4096) throw ConfigError("--journal.compact-bytes: must be at least 4096");
  return options;
}

void CheckExposure(const exporter_kit::Config& config, bool auth_enabled,
                   bool allow_unauthenticated, const std::string& default_address) {
  if (auth_enabled || allow_unauthenticated) return;
  std::vector<std::string> addresses = config.List("web.listen-address");
  if (addresses.empty()) addresses.push_back(default_address);
  for (const std::string& address : addresses) {
    if (!exporter_kit::IsLoopbackAddress(address)) {
      throw ConfigError("--web.listen-address: \"" + address +
                        "\" is reachable from other hosts but no authentication is configured; "
                        "set basic_auth_users or bearer_token_file in --web.config.file, listen "
                        "on 127.0.0.1, or pass --web.allow-unauthenticated");
    }
  }
}

void CheckTargets(const RuleSet& rules,
                  const std::function<bool(const std::string&)>& has_target) {
  for (std::size_t i = 0; i < rules.size(); ++i) {
    if (!rules[i].escalate) continue;
    const std::string& target = rules[i].escalate->target;
    std::string where = "rules[" + std::to_string(i) + "].escalate.target";
    if (!has_target) {
      throw ConfigError(where + ": \"" + target +
                        "\" needs a pagerduty section with this target");
    }
    if (!has_target(target)) {
      throw ConfigError(where + ": no escalation target named \"" + target + "\"");
    }
  }
}

Receiver::Receiver(ReceiverOptions options, std::shared_ptr<const RuleSet> rules,
                   Escalation* escalation, std::shared_ptr<KafkaAdmin> kafka_admin,
                   std::shared_ptr<prometheus::Registry> registry)
    : options_(std::move(options)), registry_(std::move(registry)) {
  // The journal, audit log and outbox hold alert contents and action output:
  // everything the receiver creates is for its own user only (docs/security.md, S2).
  ::umask(0077);
  std::error_code ec;
  std::filesystem::create_directories(options_.storage_path, ec);
  if (ec) {
    throw ConfigError("--storage.path: cannot create " + options_.storage_path.string() + ": " +
                      ec.message());
  }
  metrics_ = std::make_unique<ReceiverMetrics>(registry_);
  auto journal_path = options_.storage_path / "journal";
  try {
    JournalReplay replay = Journal::Replay(journal_path);
    if (replay.dropped_bytes > 0) {
      spdlog::warn("journal: dropped a torn tail of {} bytes (a crash mid-write; nothing "
                   "acknowledged is lost)",
                   replay.dropped_bytes);
    }
    journal_ = std::make_unique<Journal>(
        journal_path, [m = metrics_.get()](double seconds) { m->FsyncSeconds(seconds); });
    inbox_ = std::make_unique<Inbox>();
    audit_ = std::make_unique<AuditLog>(options_.storage_path / "audit.jsonl");
    runner_ = std::make_unique<ActionDispatcher>(std::move(kafka_admin));
    engine_ = std::make_unique<Engine>(
        options_.engine, std::move(rules),
        EngineDeps{journal_.get(), inbox_.get(), audit_.get(), runner_.get(), escalation,
                   metrics_.get()});
    engine_->Recover(replay);
  } catch (const JournalError& e) {
    throw ConfigError(std::string("--storage.path: ") + e.what());
  } catch (const std::runtime_error& e) {
    throw ConfigError(std::string("--storage.path: ") + e.what());
  }
  engine_->Start();
  api_ = std::make_unique<HttpApi>(*journal_, *inbox_, *engine_, *metrics_);
}

Receiver::~Receiver() { Stop(); }

void Receiver::Stop() {
  if (engine_) engine_->Stop();
}

void Receiver::Register(exporter_kit::App& app) {
  exporter_kit::RouteOptions post{options_.max_body_bytes, {"POST"}, true};
  auto intake = [this](const exporter_kit::HttpRequest& r) { return api_->Alerts(r); };
  app.Handle("/api/v1/alerts", intake, post);
  for (const std::string& path : options_.extra_paths) app.Handle(path, intake, post);
  app.Handle("/api/v1/episodes", [this](const auto& r) { return api_->Episodes(r); });
  app.Handle("/", [this](const auto& r) { return api_->StatusPage(r); });
  app.AddLandingLink("/api/v1/episodes", "Episodes");
  app.AddRegistry(registry_);
}

}  // namespace webhook_receiver
