// kafka-webhook-receiver: durable Alertmanager intake and safe automated
// remediation, escalating to PagerDuty when remediation fails.
#include <csignal>
#include <functional>
#include <memory>

#include <prometheus/registry.h>
#include <spdlog/spdlog.h>

#include "exporter_kit/app.h"
#include "exporter_kit/config.h"
#include "kafka_client/client.h"
#include "kafka_client/client_options.h"
#include "rdkafka_admin.h"
#include "receiver.h"
#ifdef KMS_HAVE_PAGERDUTY
#include "pagerduty/pagerduty_escalation.h"
#endif

namespace {

using webhook_receiver::RuleSet;

std::shared_ptr<const RuleSet> LoadRules(const exporter_kit::Config& config) {
  return std::make_shared<const RuleSet>(webhook_receiver::ParseRules(config.Section("rules")));
}

// SIGHUP: re-read the rules section of --config.file; keep the old rules
// (and every episode) if the new ones do not parse.
std::shared_ptr<const RuleSet> ReloadRules(const std::string& config_file) {
  YAML::Node root = YAML::LoadFile(config_file);
  return std::make_shared<const RuleSet>(webhook_receiver::ParseRules(root["rules"]));
}

}  // namespace

int main(int argc, char** argv) {
  // A file size limit must become a 503, not a dead process.
  std::signal(SIGXFSZ, SIG_IGN);
  exporter_kit::App app({"kafka-webhook-receiver", "kafka_webhook_receiver",
                         "Durable Alertmanager webhook intake and safe automated Kafka "
                         "remediation",
                         "127.0.0.1:9312"});
  webhook_receiver::RegisterReceiverOptions(app);
  kafka_client::RegisterClientOptions(app);  // for kafka actions; optional
  app.AllowConfigSection("rules");
  app.AllowConfigSection("pagerduty");
  auto registry = std::make_shared<prometheus::Registry>();
  std::unique_ptr<webhook_receiver::Escalation> escalation;
  std::unique_ptr<webhook_receiver::Receiver> receiver;
  int code = app.Main(argc, argv, [&](exporter_kit::App& running,
                                      const exporter_kit::Config& config) {
    auto options = webhook_receiver::ReadReceiverOptions(config);
    webhook_receiver::CheckExposure(config, running.AuthEnabled(),
                                    options.allow_unauthenticated,
                                    running.info().default_listen_address);
    auto rules = LoadRules(config);
    YAML::Node pagerduty = config.Section("pagerduty");
    std::function<bool(const std::string&)> has_target;
#ifdef KMS_HAVE_PAGERDUTY
    if (pagerduty && !pagerduty.IsNull()) {
      auto keys = webhook_receiver::pagerduty::ParsePagerDutyOptions(pagerduty).routing_keys;
      has_target = [keys](const std::string& t) { return keys.contains(t); };
    }
#else
    if (pagerduty && !pagerduty.IsNull()) {
      throw exporter_kit::ConfigError("pagerduty: this build has no PagerDuty support");
    }
#endif
    webhook_receiver::CheckTargets(*rules, has_target);
    if (config.CheckOnly()) return;
#ifdef KMS_HAVE_PAGERDUTY
    if (has_target) {
      escalation = webhook_receiver::pagerduty::MakePagerDutyEscalation(
          pagerduty, options.storage_path / "pagerduty", registry);
    }
#endif
    // A Kafka connection only when one is configured: kafka actions need it,
    // nothing else does.
    std::shared_ptr<webhook_receiver::KafkaAdmin> kafka_admin;
    if (!config.vars()["kafka.server"].defaulted() || config.Section("kafka").IsMap()) {
      kafka_admin = std::make_shared<webhook_receiver::RdKafkaAdmin>(
          kafka_client::Client::Create(kafka_client::ClientProperties(config)));
    }
    receiver = std::make_unique<webhook_receiver::Receiver>(
        std::move(options), std::move(rules), escalation.get(), std::move(kafka_admin),
        registry);
    receiver->Register(running);
    std::string config_file = config.Has("config.file") ? config.Get<std::string>("config.file") : "";
    running.OnReload([&receiver, config_file, has_target] {
      if (config_file.empty()) return;
      try {
        auto reloaded = ReloadRules(config_file);
        webhook_receiver::CheckTargets(*reloaded, has_target);
        receiver->SetRules(std::move(reloaded));
        spdlog::info("rules reloaded from {}", config_file);
      } catch (const std::exception& e) {
        spdlog::error("reload failed, keeping the previous rules: {}", e.what());
      }
    });
    running.OnShutdown([&receiver] { receiver->Stop(); });
  });
  return code;
}
