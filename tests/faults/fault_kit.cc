#include "fault_kit.h"

#include <gtest/gtest.h>
#include <sys/mount.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace faults {

using namespace std::chrono_literals;

Served::Served(const std::string& binary, std::vector<std::string> flags,
               const std::string& ready_path, std::map<std::string, std::string> env)
    : port_(test_support::FreePort()) {
  std::vector<std::string> argv{test_support::FindBinary(binary).string(),
                                "--web.listen-address=127.0.0.1:" + std::to_string(port_)};
  argv.insert(argv.end(), flags.begin(), flags.end());
  process_ = std::make_unique<test_support::ChildProcess>(argv, std::move(env));
  EXPECT_TRUE(test_support::WaitFor(
      [&] { return test_support::HttpGet(Url(ready_path)).status == 200; }, 30s))
      << binary << " not ready: " << process_->Stderr();
}

std::string Served::Url(const std::string& path) const {
  return "http://127.0.0.1:" + std::to_string(port_) + path;
}

std::string Served::Scrape(std::chrono::milliseconds limit) {
  test_support::HttpOptions options;
  options.timeout = limit;
  const auto result = test_support::HttpRequest(Url("/metrics"), options);
  EXPECT_EQ(result.status, 200) << "scrape did not answer within " << limit.count()
                                << " ms: " << result.error;
  return result.body;
}

test_support::HttpResult Served::Post(const std::string& path, const std::string& body) const {
  test_support::HttpOptions options;
  options.method = "POST";
  options.body = body;
  options.headers = {"Content-Type: application/json"};
  return test_support::HttpRequest(Url(path), options);
}

std::optional<double> SampleValue(const std::string& text, const std::string& series) {
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    if (line.size() > series.size() && line.starts_with(series) && line[series.size()] == ' ') {
      return std::stod(line.substr(series.size() + 1));
    }
  }
  return std::nullopt;
}

Tmpfs::Tmpfs(int bytes) {
  const std::string options = "size=" + std::to_string(bytes) + ",mode=0755";
  if (::mount("tmpfs", dir_.path().c_str(), "tmpfs", 0, options.c_str()) == 0) {
    mounted_ = true;
  } else {
    reason_ = std::string("cannot mount a tmpfs here (") + std::strerror(errno) +
              "); run as root with CAP_SYS_ADMIN to inject disk faults";
  }
}

Tmpfs::~Tmpfs() {
  if (mounted_) ::umount2(dir_.path().c_str(), MNT_DETACH);
}

void Tmpfs::Fill() const {
  std::ofstream filler(dir_.path() / "filler", std::ios::binary | std::ios::app);
  const std::string block(512, 'x');
  // tmpfs refuses the write that no longer fits; the stream then fails.
  while (filler.write(block.data(), block.size()) && filler.flush()) {
  }
}

void Tmpfs::Unfill() const { std::filesystem::remove(dir_.path() / "filler"); }

bool Tmpfs::SetReadOnly(bool read_only) const {
  const unsigned long flags = MS_REMOUNT | (read_only ? MS_RDONLY : 0);
  return ::mount("tmpfs", dir_.path().c_str(), "tmpfs", flags, nullptr) == 0;
}

std::string AlertBody(int i, const std::string& status) {
  using nlohmann::json;
  const json alert{{"status", status},
                   {"labels", {{"alertname", "KafkaTopicHot"}, {"topic", "t" + std::to_string(i)}}},
                   {"annotations", {{"summary", "topic t" + std::to_string(i) + " is hot"}}},
                   {"startsAt", "2026-08-20T10:00:00Z"},
                   {"endsAt", status == "firing" ? "0001-01-01T00:00:00Z" : "2026-08-20T11:00:00Z"},
                   {"generatorURL", ""},
                   {"fingerprint", "f" + std::to_string(i)}};
  return json{{"version", "4"},
              {"groupKey", "{}:{alertname=\"KafkaTopicHot\",topic=\"t" + std::to_string(i) + "\"}"},
              {"truncatedAlerts", 0},
              {"receiver", "kafka"},
              {"status", status},
              {"alerts", json::array({alert})},
              {"groupLabels", json::object()},
              {"commonLabels", json::object()},
              {"commonAnnotations", json::object()},
              {"externalURL", "http://am"}}
      .dump();
}

std::string PagingConfig(const std::string& pagerduty_url, const std::string& key_env) {
  return "pagerduty:\n"
         "  base_url: " + pagerduty_url + "\n"
         "  targets:\n"
         "    oncall: {routing_key: \"env:" + key_env + "\"}\n"
         "  request_timeout: 500ms\n"
         "  retry: {initial_backoff: 50ms, max_backoff: 300ms}\n"
         "rules:\n"
         "  - name: page\n"
         "    matchers: ['alertname=\"KafkaTopicHot\"']\n"
         "    escalate: {target: oncall, severity: critical}\n";
}

std::vector<std::string> FileLines(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

}  // namespace faults
