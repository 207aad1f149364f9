#pragma once
// Log directories from a broker's server.properties (java.util.Properties
// syntax), so that the sidecar follows the broker's own configuration.
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace kafka_disk {

/// \brief A server.properties that cannot be used; the message names the
/// file and the problem.
class PropertiesError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Parses java.util.Properties text: "key=value", "key: value" or
/// "key value"; '#' and '!' comments; backslash line continuation and
/// escapes (\t, \n, \uXXXX for ASCII). Later keys override earlier ones.
std::map<std::string, std::string> ParseProperties(std::string_view text);

/// Splits a comma list, trimming blanks and dropping empty items.
std::vector<std::string> SplitCommaList(std::string_view text);

/// The broker's log directories, as Kafka resolves them: log.dirs, else
/// log.dir, else Kafka's default /tmp/kafka-logs. Throws PropertiesError
/// for an unresolved config-provider reference ("${...}") or an empty list.
std::vector<std::string> LogDirsFromProperties(
    const std::map<std::string, std::string>& properties);

/// Reads and resolves `path`; throws PropertiesError naming it.
std::vector<std::string> LogDirsFromPropertiesFile(const std::string& path);

}  // namespace kafka_disk
