#include "landing_page.h"

namespace exporter_kit {

std::string HtmlEscape(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string RenderLandingPage(const LandingPage& page) {
  std::string html =
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><title>" +
      HtmlEscape(page.title) +
      "</title>\n<style>body{font-family:sans-serif;margin:2em;max-width:50em}"
      "code{background:#eee;padding:0 .2em}</style></head>\n<body>\n<h1>" +
      HtmlEscape(page.title) + "</h1>\n<p>" + HtmlEscape(page.description) +
      "</p>\n<p>Version <code>" + HtmlEscape(page.version) + "</code></p>\n<ul>\n";
  for (const auto& [path, text] : page.links) {
    html += "<li><a href=\"" + HtmlEscape(path) + "\">" + HtmlEscape(text) + "</a></li>\n";
  }
  html += "</ul>\n</body>\n</html>\n";
  return html;
}

}  // namespace exporter_kit
