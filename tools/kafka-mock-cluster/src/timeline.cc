#include "timeline.h"

#include <spdlog/spdlog.h>

namespace mock_cluster {

Timeline::Timeline(std::vector<EventSpec> events, CommandExecutor& executor,
                   std::function<void()> on_quit)
    : events_(std::move(events)),
      executor_(executor),
      on_quit_(std::move(on_quit)),
      thread_([this](StoppableThread& thread) { Run(thread); }) {}

void Timeline::Run(StoppableThread& thread) {
  const auto start = StoppableThread::Clock::now();
  for (const EventSpec& event : events_) {
    if (!thread.SleepUntil(start + event.at)) return;
    const Reply reply = executor_.Execute(event.command);
    spdlog::log(reply.ok ? spdlog::level::info : spdlog::level::warn,
                "event at +{}ms: {} -> {}", event.at.count(), event.text,
                reply.text);
    if (reply.quit) on_quit_();
  }
}

}  // namespace mock_cluster
