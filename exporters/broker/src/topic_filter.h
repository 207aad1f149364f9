#pragma once
// Which topics the exporter reports: kafka_exporter's --topic.filter and
// --topic.exclude regexes (whole-name matches), and internal topics ("__*",
// such as __consumer_offsets) only when asked.
#include <regex>
#include <string>
#include <string_view>

namespace broker_exporter {

class TopicFilter {
 public:
  /// Throws exporter_kit::ConfigError naming the flag on a bad regex.
  TopicFilter(const std::string& include, const std::string& exclude,
              bool include_internal);
  bool Matches(const std::string& topic) const;

 private:
  std::regex include_;
  std::regex exclude_;
  bool include_internal_;
};

}  // namespace broker_exporter
