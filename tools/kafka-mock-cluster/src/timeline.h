#pragma once
// Fires a scenario's events at their times after start, on its own thread,
// so a demo tells its story without a driver script.
#include <functional>
#include <vector>

#include "command_executor.h"
#include "scenario.h"
#include "stoppable_thread.h"

namespace mock_cluster {

class Timeline {
 public:
  /// `on_quit` runs when a `quit` event fires.
  Timeline(std::vector<EventSpec> events, CommandExecutor& executor,
           std::function<void()> on_quit);

 private:
  void Run(StoppableThread& thread);

  const std::vector<EventSpec> events_;
  CommandExecutor& executor_;
  const std::function<void()> on_quit_;
  StoppableThread thread_;
};

}  // namespace mock_cluster
