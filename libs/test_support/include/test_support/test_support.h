#pragma once
// Helpers shared by the suite's tests: temporary directories, golden files,
// child processes, HTTP requests and promtool.
#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace test_support {

/// A fresh directory under $TMPDIR, removed (recursively) on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  /// Writes `content` to a file below the directory and returns its path.
  std::filesystem::path Write(const std::string& relative,
                              const std::string& content) const;

 private:
  std::filesystem::path path_;
};

/// The repository root and the build tree (from the environment CTest sets).
std::filesystem::path SourceDir();
std::filesystem::path BinaryDir();
/// Finds a built binary by name anywhere below the build tree.
std::filesystem::path FindBinary(const std::string& name);

/// Compares `actual` with the golden file; with UPDATE_GOLDEN=1 rewrites it.
/// Returns "" on a match, else a unified diff (for EXPECT_EQ(…, "")).
std::string CompareGolden(const std::filesystem::path& golden,
                          const std::string& actual);

/// A child process with stdin and stdout pipes; stderr goes to a log file.
/// Killed (SIGKILL) on destruction if still running.
class ChildProcess {
 public:
  ChildProcess(std::vector<std::string> argv,
               std::map<std::string, std::string> env = {});
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  /// Reads stdout lines until one starts with `prefix`; returns that line.
  std::optional<std::string> WaitForLine(const std::string& prefix,
                                         std::chrono::milliseconds timeout);
  /// Writes a line (newline added) to the child's stdin.
  void SendLine(const std::string& line);
  /// Sends `signal` and waits; returns the exit code (128+n if signalled),
  /// or nullopt if it did not exit within `timeout`.
  std::optional<int> Stop(int signal, std::chrono::milliseconds timeout);
  /// Waits for exit without signalling.
  std::optional<int> Wait(std::chrono::milliseconds timeout);
  bool Running();
  int pid() const { return pid_; }
  /// Everything the child wrote to stderr so far.
  std::string Stderr() const;

 private:
  int pid_ = -1;
  int stdin_fd_ = -1;
  int stdout_fd_ = -1;
  std::string stdout_buffer_;
  std::filesystem::path stderr_path_;
  std::optional<int> exit_code_;
};

/// Runs a command to completion; returns exit code and combined output.
struct CommandResult {
  int exit_code;
  std::string output;
};
CommandResult RunCommand(const std::vector<std::string>& argv,
                         const std::string& stdin_text = "");

struct HttpResult {
  long status = 0;  ///< 0 if the request failed at the transport level
  std::string body;
  std::map<std::string, std::string> headers;  ///< lower-case names
  std::string error;                           ///< curl's message, if any
};
struct HttpOptions {
  std::string method = "GET";
  std::string body;
  std::vector<std::string> headers;  ///< "Name: value"
  std::string user_password;         ///< "user:pass" for basic auth
  std::string ca_file;               ///< verify the server against this CA
  std::string client_cert;           ///< PEM cert+key for mutual TLS
  std::string client_key;
  bool insecure = false;
  std::chrono::milliseconds timeout{5000};
};
HttpResult HttpRequest(const std::string& url, const HttpOptions& options = {});
inline HttpResult HttpGet(const std::string& url) { return HttpRequest(url); }

/// The value of the sample whose name and labels are exactly `series` as an
/// exporter writes them (e.g. `kafka_topic_partition_leader{topic="a",
/// partition="0"}`), or nullopt when the exposition text has no such sample.
std::optional<double> SampleValue(const std::string& text, const std::string& series);

/// Pipes exposition text through `promtool check metrics`; returns its
/// complaints ("" when clean).
std::string PromtoolCheckMetrics(const std::string& text);

/// Polls `condition` every 20 ms until true or timeout; returns the last value.
bool WaitFor(const std::function<bool()>& condition,
             std::chrono::milliseconds timeout);

/// A free TCP port on 127.0.0.1 (bound and released; racy but fine in tests).
int FreePort();

}  // namespace test_support
