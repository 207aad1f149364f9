#pragma once
// Reads sample values back out of exposition text, for assertions.
#include <optional>
#include <sstream>
#include <string>

namespace broker_exporter {

/// \brief The value of the sample whose name and labels are exactly
/// `series` (e.g. `kafka_topic_partition_leader{topic="a",partition="0"}`),
/// or nullopt when the text has no such sample.
inline std::optional<double> SampleValue(const std::string& text,
                                         const std::string& series) {
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.size() > series.size() && line.compare(0, series.size(), series) == 0 &&
        line[series.size()] == ' ') {
      return std::stod(line.substr(series.size() + 1));
    }
  }
  return std::nullopt;
}

/// \brief `name{topic="t",partition="p"}`, the kafka_exporter label order.
inline std::string PartitionSeries(const std::string& name,
                                   const std::string& topic, int partition) {
  return name + "{topic=\"" + topic + "\",partition=\"" +
         std::to_string(partition) + "\"}";
}

}  // namespace broker_exporter
