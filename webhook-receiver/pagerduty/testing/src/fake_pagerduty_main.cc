// fake-pagerduty: the loopback PagerDuty endpoint as a process, for the demo
// and for end-to-end tests. Prints "READY <port>", then one "EVENT <json>"
// line per accepted event; also appends them to --events-file. Stops on
// SIGTERM/SIGINT.
//   fake-pagerduty [--port N] [--behaviour accept|400|429|500|hang]
//                  [--events-file PATH]
#include <signal.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <mutex>
#include <string>

#include "fake_pagerduty/fake_pagerduty.h"

namespace {

constexpr const char* kUsage =
    "usage: fake-pagerduty [--port N] [--behaviour accept|400|429|500|hang] "
    "[--events-file PATH]\n";

struct Args {
  int port = 0;
  fake_pagerduty::Behaviour behaviour = fake_pagerduty::Behaviour::kAccept;
  std::string events_file;
};

// Returns false (after printing why) on bad arguments.
bool ParseArgs(int argc, char** argv, Args& args) {
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    if (flag == "--help" || flag == "-h") {
      std::cout << kUsage;
      std::exit(0);
    }
    if (i + 1 >= argc) {
      std::cerr << "fake-pagerduty: " << flag << " needs a value\n" << kUsage;
      return false;
    }
    const std::string value = argv[++i];
    if (flag == "--port") {
      try {
        args.port = std::stoi(value);
      } catch (const std::exception&) {
        args.port = -1;
      }
      if (args.port < 0 || args.port > 65535) {
        std::cerr << "fake-pagerduty: --port: not a port: " << value << "\n";
        return false;
      }
    } else if (flag == "--behaviour") {
      const auto behaviour = fake_pagerduty::ParseBehaviour(value);
      if (!behaviour) {
        std::cerr << "fake-pagerduty: --behaviour: unknown: " << value << "\n";
        return false;
      }
      args.behaviour = *behaviour;
    } else if (flag == "--events-file") {
      args.events_file = value;
    } else {
      std::cerr << "fake-pagerduty: unknown flag " << flag << "\n" << kUsage;
      return false;
    }
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  Args args;
  if (!ParseArgs(argc, argv, args)) return 2;

  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);  // server threads inherit it

  std::ofstream events;
  if (!args.events_file.empty()) {
    events.open(args.events_file, std::ios::app);
    if (!events) {
      std::cerr << "fake-pagerduty: --events-file: cannot open "
                << args.events_file << "\n";
      return 2;
    }
  }
  try {
    fake_pagerduty::FakePagerDuty fake(args.port);
    fake.SetBehaviour(args.behaviour);
    std::mutex out_mu;
    fake.OnAccepted([&](const fake_pagerduty::Request& request) {
      const std::string line =
          nlohmann::json{{"path", request.path}, {"event", request.body}}.dump();
      std::lock_guard lock(out_mu);
      std::cout << "EVENT " << line << std::endl;
      if (events.is_open()) events << line << std::endl;
    });
    std::cout << "READY " << fake.port() << std::endl;
    int signal = 0;
    sigwait(&signals, &signal);
  } catch (const std::exception& e) {
    std::cerr << "fake-pagerduty: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
