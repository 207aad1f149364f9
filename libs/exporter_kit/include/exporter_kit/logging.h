#pragma once
// --log.level and --log.format on spdlog: logfmt (the default) or JSON lines,
// to stderr. Components log through spdlog's default logger.
#include <string_view>

namespace exporter_kit {

/// Configures the default logger; throws ConfigError on an unknown level
/// (debug, info, warn, error) or format (logfmt, json).
void SetupLogging(std::string_view level, std::string_view format);

}  // namespace exporter_kit
