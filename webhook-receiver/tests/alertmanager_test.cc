// A real Alertmanager 0.25 delivering to the real receiver: amtool adds an
// alert, the rule's action runs once, amtool resolves it, the episode is
// verified.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "receiver_process.h"
#include "test_support/test_support.h"

namespace webhook_receiver {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;
using testing::ReceiverProcess;

std::string NowRfc3339() {
  auto r = test_support::RunCommand({"/bin/date", "-u", "+%Y-%m-%dT%H:%M:%S.%3NZ"});
  return r.output.substr(0, r.output.find('\n'));
}

TEST(AlertmanagerTest, DeliversFiringAndResolvedToTheReceiver) {
  test_support::TempDir dir;
  auto log = dir.path() / "ran.log";
  auto config = dir.Write("receiver.yml", R"(rules:
  - name: restart-broker
    matchers: ['alertname="KafkaBrokerDown"', 'cluster="mock"']
    mode: enforce
    params: {broker: '[0-9]{1,4}'}
    verify_grace: 1m
    actions:
      - type: exec
        command: [/bin/sh, -c, 'echo "broker $KWR_PARAM_BROKER" >> )" + log.string() + R"(']
)");
  ReceiverProcess receiver(dir.path() / "data", {"--config.file=" + config.string()});
  int am_port = test_support::FreePort();
  std::string am_url = "http://127.0.0.1:" + std::to_string(am_port);
  auto am_config = dir.Write("alertmanager.yml", R"(global: {resolve_timeout: 1m}
route: {receiver: kwr, group_by: ['alertname'], group_wait: 1s, group_interval: 1s, repeat_interval: 1h}
receivers:
  - name: kwr
    webhook_configs: [{url: ')" + receiver.Url("/api/v1/alerts") + R"(', send_resolved: true}]
)");
  test_support::ChildProcess alertmanager(
      {"/usr/bin/prometheus-alertmanager", "--config.file=" + am_config.string(),
       "--storage.path=" + (dir.path() / "am").string(),
       "--web.listen-address=127.0.0.1:" + std::to_string(am_port), "--cluster.listen-address=",
       "--web.external-url=" + am_url + "/"});
  ASSERT_TRUE(test_support::WaitFor(
      [&] { return test_support::HttpGet(am_url + "/-/ready").status == 200; }, 20s))
      << alertmanager.Stderr();

  std::vector<std::string> add{"/usr/bin/amtool", "--alertmanager.url=" + am_url, "alert", "add",
                               "alertname=KafkaBrokerDown", "severity=critical", "cluster=mock",
                               "broker=2", "--annotation=summary=Broker 2 down"};
  auto r = test_support::RunCommand(add);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  auto episode = [&] {
    json body = json::parse(test_support::HttpGet(receiver.Url("/api/v1/episodes")).body);
    return body["episodes"].empty() ? json() : body["episodes"][0];
  };
  ASSERT_TRUE(test_support::WaitFor([&] { return episode()["state"] == "verifying"; }, 20s))
      << receiver.process().Stderr();
  add.push_back("--end=" + NowRfc3339());
  r = test_support::RunCommand(add);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  ASSERT_TRUE(test_support::WaitFor([&] { return episode()["state"] == "succeeded"; }, 20s))
      << episode().dump();
  std::ifstream in(log);
  std::string all((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(all, "broker 2\n");
  EXPECT_EQ(episode()["externalURL"], am_url);
}

}  // namespace
}  // namespace webhook_receiver
