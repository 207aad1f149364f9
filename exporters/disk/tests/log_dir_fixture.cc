#include "log_dir_fixture.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <stdexcept>
#include <string>
#include <vector>

namespace kafka_disk::testing {
namespace {

// Small files Kafka keeps beside the segments; contents as Kafka writes them.
constexpr std::string_view kLeaderEpoch = "0\n1\n0 0\n";
constexpr std::string_view kPartitionMetadata =
    "version: 0\ntopic_id: AAAAAAAAAAAAAAAAAAAAAA\n";

int OpenOrThrow(const std::filesystem::path& path, int flags) {
  const int fd = ::open(path.c_str(), flags | O_CLOEXEC, 0644);
  if (fd < 0) throw std::runtime_error("cannot open " + path.string());
  return fd;
}

void WriteData(int fd, std::uint64_t bytes) {
  static const std::vector<char> kChunk(64 * 1024, 'k');
  while (bytes > 0) {
    const std::size_t n = std::min<std::uint64_t>(bytes, kChunk.size());
    if (::write(fd, kChunk.data(), n) != static_cast<ssize_t>(n)) {
      throw std::runtime_error("short write");
    }
    bytes -= n;
  }
}

void WriteText(const std::filesystem::path& path, std::string_view text) {
  const int fd = OpenOrThrow(path, O_WRONLY | O_CREAT | O_TRUNC);
  const bool ok = ::write(fd, text.data(), text.size()) ==
                  static_cast<ssize_t>(text.size());
  ::close(fd);
  if (!ok) throw std::runtime_error("short write to " + path.string());
}

}  // namespace

std::string SegmentStem(std::uint64_t base_offset) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%020llu",
                static_cast<unsigned long long>(base_offset));
  return buffer;
}

std::filesystem::path WriteSparseFile(const std::filesystem::path& path,
                                      std::uint64_t apparent_bytes,
                                      std::uint64_t data_bytes) {
  const int fd = OpenOrThrow(path, O_WRONLY | O_CREAT | O_TRUNC);
  WriteData(fd, data_bytes);
  const bool ok = ::ftruncate(fd, static_cast<off_t>(apparent_bytes)) == 0;
  ::close(fd);
  if (!ok) throw std::runtime_error("cannot truncate " + path.string());
  return path;
}

void AppendBytes(const std::filesystem::path& path, std::uint64_t bytes) {
  const int fd = OpenOrThrow(path, O_WRONLY | O_APPEND);
  WriteData(fd, bytes);
  ::close(fd);
}

void SetAgeSeconds(const std::filesystem::path& path, double seconds) {
  timespec now{};
  clock_gettime(CLOCK_REALTIME, &now);
  const double then = static_cast<double>(now.tv_sec) - seconds;
  timespec times[2];
  times[0].tv_sec = static_cast<time_t>(std::floor(then));
  times[0].tv_nsec = 0;
  times[1] = times[0];
  if (::utimensat(AT_FDCWD, path.c_str(), times, AT_SYMLINK_NOFOLLOW) != 0) {
    throw std::runtime_error("cannot set times of " + path.string());
  }
}

void MakePartition(const std::filesystem::path& log_dir,
                   const std::string& dir_name, const PartitionSpec& spec) {
  const auto dir = log_dir / dir_name;
  std::filesystem::create_directories(dir);
  for (int i = 0; i < spec.segments; ++i) {
    const bool active = i == spec.segments - 1;
    const std::string stem =
        SegmentStem(static_cast<std::uint64_t>(i) * spec.offsets_per_segment);
    const std::uint64_t log_bytes =
        active ? spec.active_bytes : spec.segment_bytes;
    const double age = 3600.0 * (spec.segments - i);
    SetAgeSeconds(WriteSparseFile(dir / (stem + ".log"), log_bytes, log_bytes),
                  age);
    for (const char* extension : {".index", ".timeindex"}) {
      const auto path = dir / (stem + extension);
      if (active) {
        WriteSparseFile(path, kIndexPreallocBytes, 0);
      } else {
        WriteSparseFile(path, 4096, 4096);
      }
      SetAgeSeconds(path, age);
    }
  }
  WriteText(dir / "leader-epoch-checkpoint", kLeaderEpoch);
  WriteText(dir / "partition.metadata", kPartitionMetadata);
  SetAgeSeconds(dir / "leader-epoch-checkpoint", 60);
  SetAgeSeconds(dir / "partition.metadata", 60);
  SetAgeSeconds(dir, 60);
}

std::uint64_t PartitionApparentBytes(const PartitionSpec& spec) {
  const auto closed = static_cast<std::uint64_t>(spec.segments - 1);
  return closed * (spec.segment_bytes + 2 * 4096) + spec.active_bytes +
         2 * kIndexPreallocBytes + kLeaderEpoch.size() +
         kPartitionMetadata.size();
}

std::uint64_t PartitionAllocatedBytes(const PartitionSpec& spec) {
  const auto closed = static_cast<std::uint64_t>(spec.segments - 1);
  // Each small text file takes one 4 KiB block.
  return closed * (spec.segment_bytes + 2 * 4096) + spec.active_bytes +
         2 * 4096;
}

void MakeRootFiles(const std::filesystem::path& log_dir) {
  std::filesystem::create_directories(log_dir);
  WriteText(log_dir / "meta.properties",
            "version=1\nbroker.id=1\ncluster.id=abc\n");
  for (const char* name :
       {"recovery-point-offset-checkpoint", "replication-offset-checkpoint",
        "log-start-offset-checkpoint", "cleaner-offset-checkpoint"}) {
    WriteText(log_dir / name, "0\n0\n");
  }
  WriteText(log_dir / ".lock", "");
  SetAgeSeconds(log_dir, 60);
}

}  // namespace kafka_disk::testing
