#pragma once
// Runs parsed commands against the cluster and the workload and words the
// one-line reply ("OK ..." or "ERR <reason>").
#include <chrono>
#include <string>

#include "command.h"
#include "mock_cluster/mock_cluster.h"
#include "workload.h"

namespace mock_cluster {

struct Reply {
  bool ok = true;
  std::string text;   ///< the full line, starting with OK or ERR
  bool quit = false;  ///< the command asked the process to exit
};

class CommandExecutor {
 public:
  CommandExecutor(MockCluster& cluster, Workload& workload,
                  std::chrono::milliseconds query_timeout)
      : cluster_(cluster), workload_(workload), query_timeout_(query_timeout) {}

  /// Never throws: failures become "ERR <reason>".
  Reply Execute(const Command& command);
  /// Parses and runs one input line.
  Reply Execute(const std::string& line);

 private:
  std::string Run(const command::Produce& c);
  std::string Run(const command::Commit& c);
  std::string Run(const command::Leader& c);
  std::string Run(const command::BrokerDown& c);
  std::string Run(const command::BrokerUp& c);
  std::string Run(const command::TopicError& c);
  std::string Run(const command::Group& c);
  std::string Run(const command::ProducerRate& c);
  std::string Run(const command::Offsets& c);
  std::string Run(const command::Quit& c);

  MockCluster& cluster_;
  Workload& workload_;
  std::chrono::milliseconds query_timeout_;
};

}  // namespace mock_cluster
