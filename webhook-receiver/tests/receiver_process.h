#pragma once
// Starts the real kafka-webhook-receiver binary on a free loopback port and
// waits until it is ready.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "test_support/test_support.h"

namespace webhook_receiver::testing {

/// A rule file whose one rule appends the `topic` label of every
/// KafkaTopicHot alert to `log`: counting its lines counts the actions run.
inline std::string AppendTopicRules(const std::filesystem::path& log) {
  return R"(rules:
  - name: append
    matchers: ['alertname="KafkaTopicHot"']
    mode: enforce
    params: {topic: '[a-z0-9]+'}
    actions:
      - type: exec
        command: [/bin/sh, -c, 'echo "$KWR_PARAM_TOPIC" >> )" + log.string() + R"(']
)";
}

class ReceiverProcess {
 public:
  ReceiverProcess(const std::filesystem::path& storage, std::vector<std::string> extra = {},
                  bool wait_ready = true)
      : port_(test_support::FreePort()) {
    std::vector<std::string> argv{test_support::FindBinary("kafka-webhook-receiver").string(),
                                  "--web.listen-address=127.0.0.1:" + std::to_string(port_),
                                  "--storage.path=" + storage.string(), "--log.level=debug"};
    argv.insert(argv.end(), extra.begin(), extra.end());
    process_ = std::make_unique<test_support::ChildProcess>(argv);
    if (wait_ready) {
      EXPECT_TRUE(test_support::WaitFor(
          [&] { return test_support::HttpGet(Url("/-/healthy")).status == 200; },
          std::chrono::seconds(15)))
          << process_->Stderr();
    }
  }
  std::string Url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }
  test_support::HttpResult Post(const std::string& body,
                                const std::string& type = "application/json",
                                const std::string& path = "/api/v1/alerts") const {
    test_support::HttpOptions options;
    options.method = "POST";
    options.body = body;
    options.headers = {"Content-Type: " + type};
    return test_support::HttpRequest(Url(path), options);
  }
  test_support::ChildProcess& process() { return *process_; }
  int port() const { return port_; }

 private:
  int port_;
  std::unique_ptr<test_support::ChildProcess> process_;
};

}  // namespace webhook_receiver::testing
