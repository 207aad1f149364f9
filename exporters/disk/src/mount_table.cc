#include "mount_table.h"

#include <sys/sysmacros.h>

#include <charconv>

namespace kafka_disk {
namespace {

std::string Unescape(std::string_view field) {
  std::string out;
  out.reserve(field.size());
  for (std::size_t i = 0; i < field.size(); ++i) {
    if (field[i] == '\\' && i + 3 < field.size()) {
      int value = 0;
      const auto* begin = field.data() + i + 1;
      auto [end, ec] = std::from_chars(begin, begin + 3, value, 8);
      if (ec == std::errc() && end == begin + 3) {
        out.push_back(static_cast<char>(value));
        i += 3;
        continue;
      }
    }
    out.push_back(field[i]);
  }
  return out;
}

std::vector<std::string_view> SplitFields(std::string_view line) {
  std::vector<std::string_view> fields;
  std::size_t pos = 0;
  while (pos < line.size()) {
    const std::size_t start = line.find_first_not_of(' ', pos);
    if (start == std::string_view::npos) break;
    std::size_t end = line.find(' ', start);
    if (end == std::string_view::npos) end = line.size();
    fields.push_back(line.substr(start, end - start));
    pos = end;
  }
  return fields;
}

std::optional<MountEntry> ParseLine(std::string_view line) {
  // id parent major:minor root mount-point options [optional...] - type source
  const auto fields = SplitFields(line);
  if (fields.size() < 7) return std::nullopt;
  std::size_t separator = 6;
  while (separator < fields.size() && fields[separator] != "-") ++separator;
  if (separator + 2 >= fields.size()) return std::nullopt;

  MountEntry entry;
  const std::string_view dev = fields[2];
  const std::size_t colon = dev.find(':');
  if (colon == std::string_view::npos) return std::nullopt;
  auto parse = [](std::string_view text, unsigned& value) {
    auto [end, ec] =
        std::from_chars(text.data(), text.data() + text.size(), value);
    return ec == std::errc() && end == text.data() + text.size();
  };
  if (!parse(dev.substr(0, colon), entry.major) ||
      !parse(dev.substr(colon + 1), entry.minor)) {
    return std::nullopt;
  }
  entry.mount_point = Unescape(fields[4]);
  entry.fs_type = Unescape(fields[separator + 1]);
  entry.device = Unescape(fields[separator + 2]);
  return entry;
}

bool IsUnder(std::string_view path, std::string_view mount_point) {
  if (mount_point == "/") return !path.empty() && path.front() == '/';
  if (!path.starts_with(mount_point)) return false;
  return path.size() == mount_point.size() || path[mount_point.size()] == '/';
}

}  // namespace

std::vector<MountEntry> ParseMountInfo(std::string_view text) {
  std::vector<MountEntry> mounts;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    if (auto entry = ParseLine(text.substr(pos, end - pos))) {
      mounts.push_back(std::move(*entry));
    }
    pos = end + 1;
  }
  return mounts;
}

std::optional<MountEntry> FindMount(const std::vector<MountEntry>& mounts,
                                    std::string_view path,
                                    std::optional<std::uint64_t> device) {
  const MountEntry* best = nullptr;
  for (const auto& entry : mounts) {
    if (!IsUnder(path, entry.mount_point)) continue;
    if (device &&
        (major(*device) != entry.major || minor(*device) != entry.minor)) {
      continue;
    }
    // Later entries are mounted over earlier ones at the same point.
    if (best == nullptr ||
        entry.mount_point.size() >= best->mount_point.size()) {
      best = &entry;
    }
  }
  if (best == nullptr) return std::nullopt;
  return *best;
}

}  // namespace kafka_disk
