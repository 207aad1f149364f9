// pagerduty-outbox-driver: a process around PagerDutyEscalation for the
// crash test. It builds the escalation from a `pagerduty:` section through
// the real factory, pages `--enqueue N` times, printing "QUEUED i" after each
// Trigger() returned (the event is then durable), and prints "DRAINED" once
// the outbox is empty. The test kills it with SIGKILL at any point.
//   pagerduty-outbox-driver STORAGE_DIR BASE_URL ENQUEUE_COUNT
// The routing key comes from $PD_DRIVER_KEY.
#include <exporter_kit/config.h>

#include <iostream>
#include <thread>

#include "pagerduty/pagerduty_escalation.h"

int main(int argc, char** argv) {
  if (argc != 4) {
    std::cerr << "usage: pagerduty-outbox-driver STORAGE_DIR BASE_URL COUNT\n";
    return 2;
  }
  using namespace webhook_receiver;
  try {
    const YAML::Node section = YAML::Load(
        std::string("base_url: ") + argv[2] +
        "\nretry: {initial_backoff: 50ms, max_backoff: 200ms}\n"
        "targets: {oncall: {routing_key: env:PD_DRIVER_KEY}}\n");
    auto escalation = pagerduty::MakePagerDutyEscalation(section, argv[1], nullptr);
    const int count = std::stoi(argv[3]);
    for (int i = 0; i < count; ++i) {
      EscalationEvent event;
      event.target = "oncall";
      event.dedup_key = "crash-" + std::to_string(i);
      event.summary = "page " + std::to_string(i);
      event.source = "driver";
      escalation->Trigger(event);
      std::cout << "QUEUED " << i << std::endl;
    }
    while (!escalation->WaitUntilDrained(std::chrono::seconds(1))) {
    }
    std::cout << "DRAINED" << std::endl;
    std::string line;
    std::getline(std::cin, line);  // stay up until the test is done
  } catch (const exporter_kit::ConfigError& e) {
    std::cerr << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << e.what() << "\n";
    return 1;
  }
  return 0;
}
