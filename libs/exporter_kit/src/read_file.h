#pragma once
#include <optional>
#include <string>

namespace exporter_kit {

/// The whole content of a file, or nullopt if it cannot be opened.
std::optional<std::string> ReadWholeFile(const std::string& path);

}  // namespace exporter_kit
