#include "topic_ids.h"

namespace lag_exporter {

std::uint32_t TopicIds::Id(std::string_view topic) {
  if (auto it = ids_.find(topic); it != ids_.end()) return it->second;
  const auto id = static_cast<std::uint32_t>(ids_.size());
  ids_.emplace(std::string(topic), id);
  return id;
}

}  // namespace lag_exporter
