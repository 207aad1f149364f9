#pragma once
// What the fault-injection suites share: a running exporter-style binary on a
// loopback port, reading samples back from /metrics, a tiny tmpfs to fill or
// make read-only, and Alertmanager webhook bodies.
#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "test_support/test_support.h"

namespace faults {

/// A suite binary started with `--web.listen-address` on a free loopback port.
class Served {
 public:
  /// Starts `binary` with `flags` and waits until `ready_path` answers 200.
  Served(const std::string& binary, std::vector<std::string> flags,
         const std::string& ready_path = "/-/ready",
         std::map<std::string, std::string> env = {});
  std::string Url(const std::string& path) const;
  /// GET /metrics; fails the test if it does not answer 200 within `limit`.
  std::string Scrape(std::chrono::milliseconds limit = std::chrono::seconds(1));
  test_support::HttpResult Post(const std::string& path, const std::string& body) const;
  test_support::ChildProcess& process() { return *process_; }
  int port() const { return port_; }

 private:
  int port_;
  std::unique_ptr<test_support::ChildProcess> process_;
};

/// The value of the sample named exactly `series` (name and labels), if any.
std::optional<double> SampleValue(const std::string& text, const std::string& series);

/// A tmpfs of `bytes` mounted on a fresh directory, unmounted on destruction.
/// mounted() is false (and reason() says why) where mounting is not allowed.
class Tmpfs {
 public:
  explicit Tmpfs(int bytes);
  ~Tmpfs();
  Tmpfs(const Tmpfs&) = delete;
  Tmpfs& operator=(const Tmpfs&) = delete;
  bool mounted() const { return mounted_; }
  const std::string& reason() const { return reason_; }
  const std::filesystem::path& path() const { return dir_.path(); }
  /// Writes filler until the filesystem has no free block left.
  void Fill() const;
  /// Removes the filler again.
  void Unfill() const;
  /// Remounts read-only (true) or read-write (false).
  bool SetReadOnly(bool read_only) const;

 private:
  test_support::TempDir dir_;
  bool mounted_ = false;
  std::string reason_;
};

/// An Alertmanager webhook v4 body with one alert `KafkaTopicHot` on topic
/// `t<i>`, fingerprint `f<i>`.
std::string AlertBody(int i, const std::string& status = "firing");

/// A receiver config whose one rule pages PagerDuty target `oncall` (routing
/// key from the environment variable `key_env`) for every KafkaTopicHot alert,
/// with short timeouts and backoff so that tests see several retries.
std::string PagingConfig(const std::string& pagerduty_url, const std::string& key_env);

/// The lines of a file (none if it does not exist).
std::vector<std::string> FileLines(const std::filesystem::path& path);

}  // namespace faults
