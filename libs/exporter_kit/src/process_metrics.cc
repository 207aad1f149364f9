#include "process_metrics.h"

#include <sys/resource.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace exporter_kit {
namespace {

double BootTimeSeconds() {
  std::ifstream stat("/proc/stat");
  std::string key;
  double value = 0;
  while (stat >> key) {
    if (key == "btime") {
      stat >> value;
      return value;
    }
    stat.ignore(4096, '\n');
  }
  return 0;
}

}  // namespace

void WriteProcessMetrics(MetricWriter& out) {
  std::ifstream stat_file("/proc/self/stat");
  std::string line;
  if (!std::getline(stat_file, line)) return;
  // Fields after the command name, which may itself hold spaces and parens.
  const auto close = line.rfind(')');
  if (close == std::string::npos) return;
  std::istringstream fields(line.substr(close + 2));
  std::vector<std::string> values;
  for (std::string field; fields >> field;) values.push_back(field);
  if (values.size() < 22) return;
  const double ticks = static_cast<double>(sysconf(_SC_CLK_TCK));
  const double page = static_cast<double>(sysconf(_SC_PAGESIZE));
  // Indexes are the stat(5) field numbers minus 3 (pid and comm removed).
  const double cpu = (std::stod(values[11]) + std::stod(values[12])) / ticks;
  const double start = BootTimeSeconds() + std::stod(values[19]) / ticks;
  const double virtual_bytes = std::stod(values[20]);
  const double resident = std::stod(values[21]) * page;

  std::size_t open_fds = 0;
  std::error_code error;
  for (auto it = std::filesystem::directory_iterator("/proc/self/fd", error);
       !error && it != std::filesystem::directory_iterator(); it.increment(error)) {
    ++open_fds;
  }
  rlimit limit{};
  getrlimit(RLIMIT_NOFILE, &limit);

  out.Counter("process_cpu_seconds_total", "Total user and system CPU time spent in seconds.")
      .Add({}, cpu);
  out.Gauge("process_start_time_seconds", "Start time of the process since unix epoch in seconds.")
      .Add({}, start);
  out.Gauge("process_virtual_memory_bytes", "Virtual memory size in bytes.")
      .Add({}, virtual_bytes);
  out.Gauge("process_resident_memory_bytes", "Resident memory size in bytes.").Add({}, resident);
  out.Gauge("process_open_fds", "Number of open file descriptors.")
      .Add({}, static_cast<double>(open_fds));
  out.Gauge("process_max_fds", "Maximum number of open file descriptors.")
      .Add({}, static_cast<double>(limit.rlim_cur));
}

}  // namespace exporter_kit
