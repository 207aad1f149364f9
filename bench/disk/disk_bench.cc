// kafka-disk-exporter benchmark: a log directory of 5,000 partitions holding
// 55,000 files; times the first walk, warm (incremental) cycles, a forced full
// re-walk and `du -s` on the same tree, then scrape latency of the real
// binary serving that tree.
//
//   kafka_disk_bench [work-dir]   (default: a fresh directory under $TMPDIR)
#include <arpa/inet.h>
#include <curl/curl.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "log_dir_fixture.h"
#include "log_dir_scanner.h"

extern char** environ;

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr int kTopics = 50;
constexpr int kPartitionsPerTopic = 100;  // 5,000 partitions x 11 files
constexpr int kWarmCycles = 20;
constexpr int kScrapes = 1000;

double Millis(Clock::duration d) {
  return std::chrono::duration<double, std::milli>(d).count();
}

double TimeMs(const std::function<void()>& work) {
  const auto start = Clock::now();
  work();
  return Millis(Clock::now() - start);
}

double Percentile(std::vector<double> values, double p) {
  std::sort(values.begin(), values.end());
  const auto index =
      static_cast<std::size_t>(p * static_cast<double>(values.size() - 1));
  return values[index];
}

int FreePort() {
  // Let the kernel pick: bind port 0 on loopback, read it back, release.
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  close(fd);
  return ntohs(addr.sin_port);
}

pid_t Spawn(const std::vector<std::string>& args, bool quiet) {
  std::vector<char*> argv;
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  if (quiet) {
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  }
  pid_t pid = -1;
  if (posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ) !=
      0) {
    pid = -1;
  }
  posix_spawn_file_actions_destroy(&actions);
  return pid;
}

double DuMs(const fs::path& dir) {
  return TimeMs([&] {
    const pid_t pid = Spawn({"/usr/bin/du", "-s", dir.string()}, true);
    int status = 0;
    waitpid(pid, &status, 0);
  });
}

size_t Discard(char*, size_t size, size_t n, void* body) {
  static_cast<std::string*>(body)->append(size * n, ' ');
  return size * n;
}

long Get(CURL* curl, const std::string& url, std::string& body) {
  body.clear();
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, Discard);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &body);
  long status = 0;
  if (curl_easy_perform(curl) == CURLE_OK) {
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  }
  return status;
}

bool MeasureScrapesWith(const fs::path& binary, const fs::path& log_dir,
                        const std::string& granularity, bool reuse) {
  const int port = FreePort();
  const std::string base = "http://127.0.0.1:" + std::to_string(port);
  const pid_t exporter =
      Spawn({binary.string(), "--kafka.log-dirs=" + log_dir.string(),
             "--web.listen-address=127.0.0.1:" + std::to_string(port),
             "--metrics.granularity=" + granularity, "--collect.interval=1s",
             "--log.level=warn"},
            false);
  if (exporter < 0) {
    std::fprintf(stderr, "cannot start %s\n", binary.c_str());
    return false;
  }
  CURL* curl = curl_easy_init();
  std::string body;
  const auto give_up = Clock::now() + std::chrono::seconds(30);
  while (Get(curl, base + "/-/ready", body) != 200 && Clock::now() < give_up) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  std::vector<double> scrapes;
  std::size_t bytes = 0;
  curl_easy_setopt(curl, CURLOPT_FORBID_REUSE, reuse ? 0L : 1L);
  for (int i = 0; i < kScrapes; ++i) {
    const auto start = Clock::now();
    if (Get(curl, base + "/metrics", body) != 200) {
      std::fprintf(stderr, "scrape failed\n");
      break;
    }
    scrapes.push_back(Millis(Clock::now() - start));
    bytes = body.size();
  }
  curl_easy_cleanup(curl);
  kill(exporter, SIGTERM);
  waitpid(exporter, nullptr, 0);
  if (scrapes.empty()) return false;
  std::printf(
      "scrape (%-9s, %-10s): %6.2f ms p50, %.2f ms p99 over %zu scrapes "
      "(%zu bytes, walks every 1s meanwhile; goal p99 < 10 ms)\n",
      granularity.c_str(), reuse ? "keep-alive" : "new conn",
      Percentile(scrapes, 0.5), Percentile(scrapes, 0.99), scrapes.size(),
      bytes);
  return true;
}

// Starts the exporter on the tree, waits until ready, then times kScrapes
// sequential scrapes of /metrics, on one kept-alive connection and on a new
// connection each.
bool MeasureScrapes(const fs::path& binary, const fs::path& log_dir,
                    const std::string& granularity) {
  // Prometheus keeps connections alive; a new connection per scrape shows
  // the serving cost without TCP's delayed-ACK interplay on a reused one.
  for (const bool reuse : {true, false}) {
    if (!MeasureScrapesWith(binary, log_dir, granularity, reuse)) return false;
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  spdlog::set_level(spdlog::level::warn);
  const fs::path work =
      argc > 1 ? fs::path(argv[1])
               : fs::temp_directory_path() /
                     ("kafka-disk-bench-" + std::to_string(getpid()));
  const fs::path log_dir = work / "kafka-logs";
  fs::remove_all(work);
  kafka_disk::testing::MakeRootFiles(log_dir);
  const double build_ms = TimeMs([&] {
    for (int t = 0; t < kTopics; ++t) {
      for (int p = 0; p < kPartitionsPerTopic; ++p) {
        kafka_disk::testing::MakePartition(
            log_dir, "topic-" + std::to_string(t) + "-" + std::to_string(p),
            {});
      }
    }
  });
  kafka_disk::testing::SetAgeSeconds(log_dir, 60);
  std::size_t files = 0;
  for (const auto& entry : fs::recursive_directory_iterator(log_dir)) {
    files += entry.is_regular_file() ? 1 : 0;
  }
  std::printf("tree: %d partitions, %zu files under %s (built in %.0f ms)\n",
              kTopics * kPartitionsPerTopic, files, log_dir.c_str(), build_ms);

  kafka_disk::LogDirScanner scanner(log_dir.string(),
                                    kafka_disk::MakePosixFileSystem());
  kafka_disk::LogDirSnapshot snapshot;
  const double first_ms =
      TimeMs([&] { scanner.Cycle(false, nullptr, snapshot); });
  std::printf("first walk:        %8.2f ms (%zu partitions, %llu stat calls)\n",
              first_ms, snapshot.partitions.size(),
              static_cast<unsigned long long>(snapshot.files_stated));
  std::vector<double> warm;
  for (int i = 0; i < kWarmCycles; ++i) {
    warm.push_back(TimeMs([&] { scanner.Cycle(false, nullptr, snapshot); }));
  }
  std::printf(
      "warm cycle:        %8.2f ms median, %.2f ms max over %d "
      "(%llu stat calls, %llu listings)\n",
      Percentile(warm, 0.5), Percentile(warm, 1.0), kWarmCycles,
      static_cast<unsigned long long>(snapshot.files_stated),
      static_cast<unsigned long long>(snapshot.directories_listed));
  const double full_ms =
      TimeMs([&] { scanner.Cycle(true, nullptr, snapshot); });
  std::printf("full re-walk:      %8.2f ms\n", full_ms);

  std::vector<double> du;
  DuMs(log_dir);  // warm the cache the same way the walker had it
  for (int i = 0; i < 5; ++i) du.push_back(DuMs(log_dir));
  const double du_ms = Percentile(du, 0.5);
  std::printf("du -s:             %8.2f ms median of 5\n", du_ms);
  std::printf("warm / du:         %8.3f (goal <= 0.25)\n",
              Percentile(warm, 0.5) / du_ms);

  const fs::path binary =
      fs::canonical("/proc/self/exe").parent_path().parent_path() /
      "kafka-disk-exporter";
  for (const char* granularity : {"partition", "topic"}) {
    if (!MeasureScrapes(binary, log_dir, granularity)) return 1;
  }
  if (argc <= 1) fs::remove_all(work);
  return 0;
}
