// Notifications per second accepted by kafka-webhook-receiver (10 alerts
// each, journal fsynced on disk, 64 keep-alive connections) and latency,
// next to a civetweb handler that does nothing, measured in the same run.
//
//   kafka_webhook_receiver_bench [seconds-per-run] [work-dir]
#include <civetweb.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

#include "load_generator.h"

extern char** environ;

namespace {

using nlohmann::json;
using receiver_bench::LoadResult;
using receiver_bench::RunLoad;

constexpr int kConnections = 64;
constexpr int kServerThreads = 80;  // one per keep-alive connection, plus spare

int FreePort() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);
  return ntohs(addr.sin_port);
}

std::string Notification() {
  json alerts = json::array();
  for (int i = 0; i < 10; ++i) {
    alerts.push_back({{"status", "firing"},
                      {"labels", {{"alertname", "KafkaConsumerGroupLagHigh"},
                                  {"cluster", "prod-eu"},
                                  {"group", "orders-" + std::to_string(i)},
                                  {"severity", "warning"}}},
                      {"annotations", {{"summary", "Consumer group lag is high"},
                                       {"runbook_url", "https://runbooks.example.com/lag"}}},
                      {"startsAt", "2026-08-20T10:01:17.123456789Z"},
                      {"endsAt", "0001-01-01T00:00:00Z"},
                      {"generatorURL", "http://prometheus-0:9090/graph?g0.expr=lag"},
                      {"fingerprint", "00000000000000" + std::to_string(10 + i)}});
  }
  return json{{"version", "4"}, {"groupKey", "{}:{alertname=\"KafkaConsumerGroupLagHigh\"}"},
              {"truncatedAlerts", 0}, {"receiver", "kafka"}, {"status", "firing"},
              {"alerts", alerts}, {"groupLabels", {{"alertname", "KafkaConsumerGroupLagHigh"}}},
              {"commonLabels", {{"alertname", "KafkaConsumerGroupLagHigh"}}},
              {"commonAnnotations", json::object()}, {"externalURL", "http://am:9093"}}
             .dump() + "\n";
}

int NoopHandler(mg_connection* conn, void*) {
  char buffer[8192];
  while (mg_read(conn, buffer, sizeof buffer) > 0) {
  }
  mg_printf(conn, "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 3\r\n\r\nok\n");
  return 200;
}

void Report(const char* name, const LoadResult& r) {
  std::printf("%-34s %10.0f notifications/s  p50 %6.2f ms  p99 %6.2f ms  (%zu ok, %zu failed)\n",
              name, r.Rate(), r.Percentile(50), r.Percentile(99), r.ok, r.failed);
}

// GET over a fresh connection; returns the body ("" on failure).
std::string Get(int port, const std::string& path) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  std::string out;
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0) {
    std::string request = "GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
    ::send(fd, request.data(), request.size(), MSG_NOSIGNAL);
    char buffer[65536];
    ssize_t n;
    while ((n = ::recv(fd, buffer, sizeof buffer, 0)) > 0) out.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(fd);
  return out;
}

double Sample(const std::string& metrics, const std::string& name) {
  auto pos = metrics.find("\n" + name + " ");
  return pos == std::string::npos ? 0 : std::atof(metrics.c_str() + pos + name.size() + 2);
}

bool Healthy(int port) {
  for (int i = 0; i < 200; ++i) {
    // Up once it accepts connections.
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bool up = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
    ::close(fd);
    if (up) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return false;
}

}  // namespace

int main(int argc, char** argv) {
  std::chrono::seconds duration(argc > 1 ? std::atoi(argv[1]) : 5);
  std::filesystem::path work = argc > 2 ? argv[2] : "receiver-bench-data";
  std::filesystem::remove_all(work);
  std::filesystem::create_directories(work);
  const std::string body = Notification();
  std::printf("kafka-webhook-receiver benchmark: %d connections, %lld s per run, %zu-byte "
              "notifications of 10 alerts, journal in %s, %u CPUs\n",
              kConnections, static_cast<long long>(duration.count()), body.size(),
              std::filesystem::absolute(work).c_str(), std::thread::hardware_concurrency());

  // 1. The floor: civetweb answering without doing anything.
  int noop_port = FreePort();
  std::string ports = "127.0.0.1:" + std::to_string(noop_port);
  std::string threads = std::to_string(kServerThreads);
  const char* options[] = {"listening_ports", ports.c_str(), "num_threads", threads.c_str(),
                           "enable_keep_alive", "yes", "keep_alive_timeout_ms", "30000",
                           nullptr};
  mg_init_library(0);
  mg_callbacks callbacks{};
  mg_context* ctx = mg_start(&callbacks, nullptr, options);
  if (ctx == nullptr) {
    std::fprintf(stderr, "cannot start civetweb\n");
    return 1;
  }
  mg_set_request_handler(ctx, "/api/v1/alerts", NoopHandler, nullptr);
  Report("civetweb no-op handler", RunLoad(noop_port, "/api/v1/alerts", body, kConnections, duration));
  mg_stop(ctx);

  // 2. The receiver: parse, validate, journal with fsync, then 200.
  int port = FreePort();
  std::vector<std::string> args{KWR_BINARY, "--web.listen-address=127.0.0.1:" + std::to_string(port),
                                "--storage.path=" + (work / "receiver").string(),
                                "--web.max-requests=" + threads, "--log.level=warn"};
  std::vector<char*> c_args;
  for (auto& a : args) c_args.push_back(a.data());
  c_args.push_back(nullptr);
  pid_t pid;
  if (posix_spawn(&pid, KWR_BINARY, nullptr, nullptr, c_args.data(), environ) != 0 ||
      !Healthy(port)) {
    std::fprintf(stderr, "cannot start %s\n", KWR_BINARY);
    return 1;
  }
  LoadResult receiver = RunLoad(port, "/api/v1/alerts", body, kConnections, duration);
  Report("kafka-webhook-receiver (fsync)", receiver);
  std::string metrics = Get(port, "/metrics");
  double fsyncs = Sample(metrics, "kafka_webhook_receiver_journal_fsync_duration_seconds_count");
  double fsync_seconds = Sample(metrics, "kafka_webhook_receiver_journal_fsync_duration_seconds_sum");
  if (fsyncs > 0) {
    std::printf("journal: %.0f group commits, mean fsync %.2f ms, %.1f records per commit\n",
                fsyncs, 1000 * fsync_seconds / fsyncs, 2.0 * static_cast<double>(receiver.ok) / fsyncs);
  }
  ::kill(pid, SIGTERM);
  int status = 0;
  ::waitpid(pid, &status, 0);
  std::printf("goal: >= 5000 notifications/s and p99 < 20 ms: %s\n",
              receiver.Rate() >= 5000 && receiver.Percentile(99) < 20 ? "met" : "NOT met");
  std::filesystem::remove_all(work);
  return 0;
}
