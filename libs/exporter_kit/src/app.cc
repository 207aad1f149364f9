#include "exporter_kit/app.h"

#include <prometheus/registry.h>
#include <prometheus/text_serializer.h>
#include <pthread.h>
#include <signal.h>
#include <unistd.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <iostream>
#include <set>
#include <thread>

#include "collector_runner.h"
#include "command_line_secrets.h"
#include "config_file.h"
#include "exporter_kit/build_info.h"
#include "exporter_kit/duration.h"
#include "exporter_kit/logging.h"
#include "landing_page.h"
#include "process_metrics.h"

namespace exporter_kit {
namespace po = boost::program_options;
using namespace std::chrono_literals;

struct App::Impl {
  po::options_description standard{"Standard flags"};
  po::options_description component{"Flags"};
  std::set<std::string> sections;
  std::set<std::string> secret_flags;

  std::vector<std::unique_ptr<Collector>> collectors;
  std::vector<std::shared_ptr<prometheus::Registry>> registries;
  std::vector<std::tuple<std::string, HttpHandler, RouteOptions>> routes;
  std::vector<std::pair<std::string, std::string>> landing_links;
  std::function<bool()> readiness;
  std::vector<std::function<void()>> on_reload;
  std::vector<std::function<void()>> on_shutdown;

  std::unique_ptr<HttpServer> server;
  std::unique_ptr<CollectorRunner> runner;
  std::atomic<bool> stop_requested{false};
  bool exporter_metrics = true;
  bool auth_enabled = false;

  int Serve(const AppInfo& info, const Config& config, const sigset_t& signals);
  HttpResponse Scrape(const AppInfo& info) const;
  bool Ready() const { return runner->AllAttemptedOnce() && (!readiness || readiness()); }
};

App::App(AppInfo info) : info_(std::move(info)), impl_(std::make_unique<Impl>()) {
  impl_->standard.add_options()
      ("help,h", "Show this help and exit.")
      ("version", "Show the version and exit.")
      ("config.file", po::value<std::string>(),
       "YAML file with any of these flags as keys (dotted or nested); flags override it.")
      ("check-config", "Validate the configuration, print the effective configuration and exit "
                       "(0 if valid, 2 if not).")
      ("web.listen-address", po::value<std::vector<std::string>>(),
       ("Address to listen on, repeatable (default " + info_.default_listen_address + ").")
           .c_str())
      ("web.telemetry-path", po::value<std::string>()->default_value("/metrics"),
       "Path under which to expose metrics.")
      ("web.config.file", po::value<std::string>(),
       "exporter-toolkit web configuration file: TLS and basic authentication.")
      ("web.disable-exporter-metrics", po::bool_switch(),
       "Exclude process_* metrics about the exporter itself.")
      ("web.max-requests", po::value<int>()->default_value(40),
       "Maximum number of requests served in parallel.")
      ("web.keep-alive-timeout", po::value<Duration>()->default_value(Duration{5s}),
       "How long an idle keep-alive connection is kept open; it holds one of --web.max-requests "
       "meanwhile. 0 closes connections after each response.")
      ("log.level", po::value<std::string>()->default_value("info"),
       "Only log messages with the given severity or above: debug, info, warn, error.")
      ("log.format", po::value<std::string>()->default_value("logfmt"),
       "Output format of log messages: logfmt or json.")
      ("collect.interval", po::value<Duration>()->default_value(Duration{15s}),
       "How often collectors run in the background; scrapes serve the last result.")
      ("collect.timeout", po::value<Duration>()->default_value(Duration{10s}),
       "Deadline of one collector run; a run past it counts as failed and its last good "
       "values are kept.");
}

App::~App() = default;

po::options_description_easy_init App::AddOptions() { return impl_->component.add_options(); }
void App::AllowConfigSection(std::string key) { impl_->sections.insert(std::move(key)); }
void App::MarkSecret(std::string flag) { impl_->secret_flags.insert(std::move(flag)); }
void App::AddCollector(std::unique_ptr<Collector> c) { impl_->collectors.push_back(std::move(c)); }
void App::AddRegistry(std::shared_ptr<prometheus::Registry> r) {
  impl_->registries.push_back(std::move(r));
}
void App::Handle(std::string path, HttpHandler handler, RouteOptions options) {
  impl_->routes.emplace_back(std::move(path), std::move(handler), std::move(options));
}
void App::AddLandingLink(std::string path, std::string text) {
  impl_->landing_links.emplace_back(std::move(path), std::move(text));
}
void App::SetReadinessCheck(std::function<bool()> ready) { impl_->readiness = std::move(ready); }
void App::OnReload(std::function<void()> reload) { impl_->on_reload.push_back(std::move(reload)); }
void App::OnShutdown(std::function<void()> f) { impl_->on_shutdown.push_back(std::move(f)); }
bool App::AuthEnabled() const { return impl_->auth_enabled; }
void App::RequestStop() { impl_->stop_requested = true; }
std::vector<int> App::Ports() const {
  return impl_->server ? impl_->server->Ports() : std::vector<int>{};
}

namespace {

std::string VersionLine(const AppInfo& info) {
  return info.binary + " version " + build_info::kVersion + " (revision " +
         build_info::kRevision + "), built with " + build_info::kCompiler;
}

/// Parses flags and file; `literal_secrets` gets the secret flags given
/// literally on the command line.
Config ParseConfig(int argc, char** argv, const po::options_description& all,
                   const std::set<std::string>& sections,
                   const std::set<std::string>& secret_flags, po::variables_map& vars,
                   std::vector<std::string>& literal_secrets) {
  std::map<std::string, YAML::Node> section_nodes;
  try {
    const auto command_line = po::command_line_parser(argc, argv).options(all).run();
    literal_secrets = LiteralSecretsOnCommandLine(command_line.options, secret_flags);
    po::store(command_line, vars);
    if (vars.count("help") || vars.count("version")) return Config(vars, {}, false);
    if (vars.count("config.file")) {
      const auto path = vars["config.file"].as<std::string>();
      auto contents = ReadConfigFile(path, all, sections);
      // Validate the file on its own first so errors name the file.
      try {
        po::variables_map from_file;
        po::store(contents.options, from_file);
      } catch (const po::error& e) {
        throw ConfigError("config file " + path + ": " + e.what());
      }
      po::store(contents.options, vars);  // flags stored first win
      section_nodes = std::move(contents.sections);
    }
    po::notify(vars);
  } catch (const po::error& e) {
    throw ConfigError(e.what());
  }
  return Config(vars, std::move(section_nodes), vars.count("check-config") > 0);
}

// After an orderly stop (HTTP server, collectors, shutdown hooks), what is
// left is freeing: collectors and Kafka clients, whose rd_kafka_destroy
// waits for librdkafka's broker threads and was seen to hang after a
// cluster outage. None of it is worth a process that does not stop.
constexpr auto kTeardownLimit = 5s;

void LeaveIfTeardownHangs(int code) {
  // Written out now, and not through spdlog: static destructors may be
  // running when it is needed.
  const std::string message = "level=warn msg=\"teardown took more than " +
                              std::to_string(kTeardownLimit.count()) +
                              "s after the stop; exiting without it\"\n";
  std::thread([code, message] {
    std::this_thread::sleep_for(kTeardownLimit);
    [[maybe_unused]] const auto written = write(STDERR_FILENO, message.data(), message.size());
    _exit(code);
  }).detach();
}

void BlockShutdownSignals(sigset_t& set) {
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGHUP);
  // Threads started from here on inherit the mask, so only our wait loop
  // ever sees these signals.
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

}  // namespace

int App::Main(int argc, char** argv, const Setup& setup) {
  sigset_t signals;
  BlockShutdownSignals(signals);
  po::options_description all;
  all.add(impl_->standard).add(impl_->component);
  po::variables_map vars;
  std::optional<Config> config;
  std::vector<std::string> literal_secrets;
  try {
    config.emplace(ParseConfig(argc, argv, all, impl_->sections, impl_->secret_flags, vars,
                               literal_secrets));
    if (vars.count("help")) {
      std::cout << "Usage: " << info_.binary << " [flags]\n" << info_.description << "\n\n"
                << all << "\n";
      return 0;
    }
    if (vars.count("version")) {
      std::cout << VersionLine(info_) << "\n";
      return 0;
    }
    SetupLogging(vars["log.level"].as<std::string>(), vars["log.format"].as<std::string>());
    for (const auto& flag : literal_secrets) {
      spdlog::warn("--{} is given literally on the command line, where any local user can read "
                   "it (ps, /proc/<pid>/cmdline); pass file:/path or env:NAME instead", flag);
    }
    if (config->Get<Duration>("collect.interval").value <= 0ms) {
      throw ConfigError("--collect.interval: must be positive");
    }
    if (config->Get<Duration>("collect.timeout").value <= 0ms) {
      throw ConfigError("--collect.timeout: must be positive");
    }
    const auto telemetry_path = vars["web.telemetry-path"].as<std::string>();
    if (!telemetry_path.starts_with('/')) {
      throw ConfigError("--web.telemetry-path: must start with /");
    }
    HttpServerOptions server_options;
    server_options.listen_addresses = config->List("web.listen-address");
    if (server_options.listen_addresses.empty()) {
      server_options.listen_addresses.push_back(info_.default_listen_address);
    }
    for (const auto& address : server_options.listen_addresses) ToCivetwebPort(address);
    if (vars.count("web.config.file")) {
      server_options.web_config_file = vars["web.config.file"].as<std::string>();
    }
    server_options.num_threads = vars["web.max-requests"].as<int>();
    if (server_options.num_threads < 1) throw ConfigError("--web.max-requests: must be >= 1");
    server_options.keep_alive_timeout = config->Get<Duration>("web.keep-alive-timeout").value;
    impl_->server = std::make_unique<HttpServer>(server_options);
    impl_->auth_enabled = impl_->server->AuthEnabled();
    impl_->exporter_metrics = !vars["web.disable-exporter-metrics"].as<bool>();
    setup(*this, *config);
    if (config->CheckOnly()) {
      std::cout << "# configuration is valid\n"
                << EffectiveConfigYaml(vars, [&] {
                     std::map<std::string, YAML::Node> nodes;
                     for (const auto& name : impl_->sections) nodes[name] = config->Section(name);
                     return nodes;
                   }(), impl_->secret_flags);
      return 0;
    }
  } catch (const ConfigError& e) {
    std::cerr << info_.binary << ": error: " << e.what() << "\n"
              << "Run '" << info_.binary << " --help' for the flags.\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << info_.binary << ": error: " << e.what() << "\n";
    return 1;
  }
  const int code = impl_->Serve(info_, *config, signals);
  LeaveIfTeardownHangs(code);
  return code;
}

HttpResponse App::Impl::Scrape(const AppInfo& info) const {
  auto collected = runner->Scrape(info.metric_namespace);
  HttpResponse response{200, "text/plain; version=0.0.4; charset=utf-8",
                        std::move(collected.self_metrics), {}, std::move(collected.collected)};
  MetricWriter self;
  self.Gauge(info.metric_namespace + "_build_info",
             "A metric with a constant '1' value labeled by version, revision and compiler.")
      .Add({{"version", build_info::kVersion},
            {"revision", build_info::kRevision},
            {"compiler", build_info::kCompiler}},
           1);
  if (exporter_metrics) WriteProcessMetrics(self);
  response.body += self.Text();
  prometheus::TextSerializer serializer;
  for (const auto& registry : registries) response.body += serializer.Serialize(registry->Collect());
  return response;
}

int App::Impl::Serve(const AppInfo& info, const Config& config, const sigset_t& signals) {
  runner = std::make_unique<CollectorRunner>(std::move(collectors),
                                             config.Get<Duration>("collect.interval").value,
                                             config.Get<Duration>("collect.timeout").value);
  const auto telemetry_path = config.Get<std::string>("web.telemetry-path");
  server->Handle(telemetry_path, [this, &info](const HttpRequest&) { return Scrape(info); });
  if (telemetry_path != "/") {
    LandingPage page{info.binary, info.description, build_info::kVersion, {}};
    page.links.emplace_back(telemetry_path, "Metrics");
    for (const auto& link : landing_links) page.links.push_back(link);
    page.links.emplace_back("/-/healthy", "Health");
    page.links.emplace_back("/-/ready", "Readiness");
    const std::string html = RenderLandingPage(page);
    server->Handle("/", [html](const HttpRequest&) { return HttpResponse::Html(200, html); });
  }
  server->Handle("/-/healthy", [](const HttpRequest&) { return HttpResponse::Text(200, "OK\n"); });
  server->Handle("/-/ready", [this](const HttpRequest&) {
    return Ready() ? HttpResponse::Text(200, "OK\n")
                   : HttpResponse::Text(503, "Service Unavailable: collecting\n");
  });
  for (auto& [path, handler, options] : routes) server->Handle(path, handler, options);

  try {
    server->Start();
  } catch (const ConfigError& e) {
    spdlog::error("{}", e.what());
    return 2;
  } catch (const std::exception& e) {
    spdlog::error("{}", e.what());
    return 1;
  }
  runner->Start();
  std::string ports;
  for (int port : server->Ports()) ports += (ports.empty() ? "" : ",") + std::to_string(port);
  spdlog::info("{} {} listening on port(s) {}, metrics at {}", info.binary, build_info::kVersion,
               ports, telemetry_path);

  const timespec tick{0, 100'000'000};
  while (!stop_requested.load()) {
    const int signal = sigtimedwait(&signals, nullptr, &tick);
    if (signal == SIGHUP) {
      spdlog::info("SIGHUP: reloading");
      for (const auto& reload : on_reload) reload();
    } else if (signal == SIGINT || signal == SIGTERM) {
      spdlog::info("received signal {}, shutting down", signal);
      break;
    }
  }
  const auto started = std::chrono::steady_clock::now();
  for (const auto& shutdown : on_shutdown) shutdown();
  server->Stop();
  runner->Stop(500ms);
  spdlog::info("stopped in {} ms", std::chrono::duration_cast<std::chrono::milliseconds>(
                                       std::chrono::steady_clock::now() - started)
                                       .count());
  return 0;
}

}  // namespace exporter_kit
