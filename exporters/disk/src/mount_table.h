#pragma once
// Which mount a log directory lives on, from /proc/self/mountinfo, so that
// the filesystem series carry node_exporter's device and mountpoint.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kafka_disk {

struct MountEntry {
  unsigned major = 0;
  unsigned minor = 0;
  std::string mount_point;
  std::string fs_type;
  std::string device;  ///< the mount source, e.g. /dev/nvme0n1p1 or tmpfs
};

/// Parses mountinfo text (proc(5)); malformed lines are skipped. Octal
/// escapes (\040 for a space) in paths are decoded.
std::vector<MountEntry> ParseMountInfo(std::string_view text);

/// The mount holding `path` (an absolute, symlink-free path): the last listed
/// entry whose mount point is the longest prefix of `path` and, when
/// `device` is given, whose major:minor matches it.
std::optional<MountEntry> FindMount(const std::vector<MountEntry>& mounts,
                                    std::string_view path,
                                    std::optional<std::uint64_t> device);

}  // namespace kafka_disk
