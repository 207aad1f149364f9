#include "log_dir_layout.h"

#include <algorithm>
#include <array>
#include <charconv>

namespace kafka_disk {
namespace {

bool AllOf(std::string_view text, bool (*predicate)(char)) {
  return !text.empty() && std::all_of(text.begin(), text.end(), predicate);
}
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsHex(char c) { return IsDigit(c) || (c >= 'a' && c <= 'f'); }
bool IsTopicChar(char c) {
  return IsDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         c == '.' || c == '_' || c == '-';
}

// "<topic>-<partition>" with Kafka's topic alphabet and length limit.
std::optional<PartitionName> ParseTopicPartition(std::string_view name) {
  const std::size_t dash = name.rfind('-');
  if (dash == std::string_view::npos || dash == 0) return std::nullopt;
  const std::string_view topic = name.substr(0, dash);
  const std::string_view partition = name.substr(dash + 1);
  if (!AllOf(partition, IsDigit) || partition.size() > 10) return std::nullopt;
  if (topic.size() > 249 || !AllOf(topic, IsTopicChar)) return std::nullopt;
  return PartitionName{DirKind::kLive, std::string(topic),
                       std::string(partition)};
}

}  // namespace

std::string_view DirKindName(DirKind kind) {
  switch (kind) {
    case DirKind::kLive:
      return "live";
    case DirKind::kDelete:
      return "delete";
    case DirKind::kFuture:
      return "future";
    case DirKind::kStray:
      return "stray";
    case DirKind::kOther:
      return "other";
    case DirKind::kRoot:
      return "root";
  }
  return "other";
}

PartitionName ParsePartitionDir(std::string_view name) {
  static constexpr std::array<std::pair<std::string_view, DirKind>, 3>
      kSuffixes{{{"-delete", DirKind::kDelete},
                 {"-future", DirKind::kFuture},
                 {"-stray", DirKind::kStray}}};
  DirKind kind = DirKind::kLive;
  std::string_view base = name;
  for (const auto& [suffix, suffix_kind] : kSuffixes) {
    if (base.ends_with(suffix)) {
      kind = suffix_kind;
      base.remove_suffix(suffix.size());
      // Kafka inserts ".<uuid without dashes>" before the suffix.
      const std::size_t dot = base.rfind('.');
      if (dot != std::string_view::npos && AllOf(base.substr(dot + 1), IsHex)) {
        base = base.substr(0, dot);
      }
      break;
    }
  }
  auto parsed = ParseTopicPartition(base);
  if (!parsed) return PartitionName{};
  parsed->kind = kind;
  return *parsed;
}

std::optional<SegmentFile> ParseSegmentFile(std::string_view name) {
  constexpr std::size_t kDigits = 20;
  if (name.size() < kDigits + 2 || name[kDigits] != '.') return std::nullopt;
  SegmentFile file;
  const char* begin = name.data();
  auto [end, ec] = std::from_chars(begin, begin + kDigits, file.base_offset);
  if (ec != std::errc() || end != begin + kDigits) return std::nullopt;

  std::string_view rest = name.substr(kDigits + 1);
  const std::size_t dot = rest.find('.');
  file.extension = rest.substr(0, dot);
  if (dot != std::string_view::npos) file.suffix = rest.substr(dot + 1);

  static constexpr std::array<std::string_view, 5> kExtensions{
      "log", "index", "timeindex", "txnindex", "snapshot"};
  static constexpr std::array<std::string_view, 4> kSuffixes{"", "deleted",
                                                             "cleaned", "swap"};
  if (std::find(kExtensions.begin(), kExtensions.end(), file.extension) ==
          kExtensions.end() ||
      std::find(kSuffixes.begin(), kSuffixes.end(), file.suffix) ==
          kSuffixes.end()) {
    return std::nullopt;
  }
  return file;
}

}  // namespace kafka_disk
