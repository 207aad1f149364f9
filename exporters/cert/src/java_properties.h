#pragma once
// Java .properties files as Kafka reads server.properties: "key=value",
// "key: value" or "key value", '#' and '!' comments, backslash line
// continuations and escapes (\n, \t, \uXXXX).
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace kafka_cert {

using Properties = std::map<std::string, std::string, std::less<>>;

Properties ParseJavaProperties(std::string_view text);

/// Resolves Kafka config-provider references in a value:
/// "${file:/path/to/file.properties:key}" (FileConfigProvider) and
/// "${env:NAME}" (EnvVarConfigProvider); other text is returned as is.
/// nullopt when a reference cannot be resolved (missing file, key or
/// variable); `problem` then says why, without the value.
std::optional<std::string> ResolveConfigProviders(const std::string& value,
                                                  std::string* problem);

}  // namespace kafka_cert
