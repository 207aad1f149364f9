#include "topic_filter.h"

#include "exporter_kit/config.h"

namespace broker_exporter {
namespace {

std::regex Compile(const std::string& text, const char* flag) {
  exporter_kit::ValidateRegex(text, flag);
  return std::regex(text, std::regex::ECMAScript | std::regex::optimize);
}

}  // namespace

TopicFilter::TopicFilter(const std::string& include, const std::string& exclude,
                         bool include_internal)
    : include_(Compile(include, "--topic.filter")),
      exclude_(Compile(exclude, "--topic.exclude")),
      include_internal_(include_internal) {}

bool TopicFilter::Matches(const std::string& topic) const {
  if (!include_internal_ && topic.starts_with("__")) return false;
  return std::regex_match(topic, include_) && !std::regex_match(topic, exclude_);
}

}  // namespace broker_exporter
