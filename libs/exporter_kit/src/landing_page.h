#pragma once
#include <string>
#include <utility>
#include <vector>

namespace exporter_kit {

struct LandingPage {
  std::string title;
  std::string description;
  std::string version;
  std::vector<std::pair<std::string, std::string>> links;  ///< path, text
};

/// The HTML served at "/": name, version and links, escaped.
std::string RenderLandingPage(const LandingPage& page);
/// Escapes text for HTML element content and attribute values.
std::string HtmlEscape(const std::string& text);

}  // namespace exporter_kit
