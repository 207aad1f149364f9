#include "process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <thread>

namespace webhook_receiver {
namespace {

using Clock = std::chrono::steady_clock;

std::vector<char*> CStrings(const std::vector<std::string>& strings) {
  std::vector<char*> out;
  out.reserve(strings.size() + 1);
  for (const std::string& s : strings) out.push_back(const_cast<char*>(s.c_str()));
  out.push_back(nullptr);
  return out;
}

// Spawn attributes: a new process group, default signal dispositions and an
// empty mask (our threads block signals; the child must not inherit that).
struct SpawnAttr {
  posix_spawnattr_t attr;
  SpawnAttr() {
    posix_spawnattr_init(&attr);
    sigset_t none;
    sigemptyset(&none);
    sigset_t all;
    sigfillset(&all);
    posix_spawnattr_setsigmask(&attr, &none);
    posix_spawnattr_setsigdefault(&attr, &all);
    posix_spawnattr_setpgroup(&attr, 0);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK |
                                        POSIX_SPAWN_SETSIGDEF);
  }
  ~SpawnAttr() { posix_spawnattr_destroy(&attr); }
};

bool Reap(pid_t pid, ProcessResult& result, bool block) {
  int status = 0;
  pid_t r;
  do {
    r = ::waitpid(pid, &status, block ? 0 : WNOHANG);
  } while (r < 0 && errno == EINTR);
  if (r != pid) return false;
  if (WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) result.signal = WTERMSIG(status);
  return true;
}

void Drain(int fd, ProcessResult& result, std::size_t max_output, bool& eof) {
  char buffer[4096];
  ssize_t n = ::read(fd, buffer, sizeof buffer);
  if (n < 0 && (errno == EINTR || errno == EAGAIN)) return;
  if (n <= 0) {
    eof = true;
    return;
  }
  std::size_t room = max_output - std::min(max_output, result.output.size());
  std::size_t take = std::min(room, static_cast<std::size_t>(n));
  result.output.append(buffer, take);
  if (take < static_cast<std::size_t>(n)) result.output_truncated = true;
}

}  // namespace

ProcessResult RunProcess(const std::vector<std::string>& argv,
                         const std::vector<std::string>& env,
                         const ProcessOptions& options) {
  ProcessResult result;
  if (argv.empty()) {
    result.error = "empty command";
    return result;
  }
  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0) {
    result.error = std::string("pipe: ") + std::strerror(errno);
    return result;
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], 1);
  posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], 2);
  SpawnAttr attr;
  auto c_argv = CStrings(argv);
  auto c_env = CStrings(env);
  pid_t pid = -1;
  int rc = ::posix_spawnp(&pid, argv[0].c_str(), &actions, &attr.attr,
                          c_argv.data(), c_env.data());
  posix_spawn_file_actions_destroy(&actions);
  ::close(pipe_fds[1]);
  if (rc != 0) {
    ::close(pipe_fds[0]);
    result.error = argv[0] + ": " + std::strerror(rc);
    return result;
  }
  result.started = true;

  const auto deadline = Clock::now() + options.timeout;
  bool eof = false;
  bool exited = false;
  while (!(eof && exited)) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - Clock::now());
    if (left.count() <= 0) break;
    if (!eof) {
      pollfd pfd{pipe_fds[0], POLLIN, 0};
      int wait_ms = static_cast<int>(std::min<long long>(left.count(), 100));
      if (::poll(&pfd, 1, wait_ms) > 0) Drain(pipe_fds[0], result, options.max_output, eof);
    } else {
      std::this_thread::sleep_for(std::chrono::milliseconds(
          std::min<long long>(left.count(), 10)));
    }
    if (!exited) exited = Reap(pid, result, false);
  }
  if (!(eof && exited)) {
    // Timed out (or the program left a child holding our pipe): stop the
    // whole process group, politely first.
    result.timed_out = !exited;
    ::kill(-pid, SIGTERM);
    const auto hard = Clock::now() + options.kill_grace;
    while (!exited && Clock::now() < hard) {
      exited = Reap(pid, result, false);
      if (!exited) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    ::kill(-pid, SIGKILL);
    if (!exited) Reap(pid, result, true);
  }
  ::close(pipe_fds[0]);
  return result;
}

}  // namespace webhook_receiver
