#pragma once
// Small numbers for topic names, so that per-partition state is keyed by
// one integer instead of a string: a large cluster has hundreds of
// thousands of group-partitions but only thousands of topics. Ids are
// never reused; a deleted topic keeps its (few bytes of) entry.
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace lag_exporter {

class TopicIds {
 public:
  /// The topic's id, assigned on first sight.
  std::uint32_t Id(std::string_view topic);
  /// One key for a partition of a topic.
  std::uint64_t PartitionKey(std::string_view topic, std::int32_t partition) {
    return (std::uint64_t{Id(topic)} << 32) | static_cast<std::uint32_t>(partition);
  }

 private:
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
  };
  std::unordered_map<std::string, std::uint32_t, Hash, std::equal_to<>> ids_;
};

}  // namespace lag_exporter
