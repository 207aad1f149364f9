#include "pagerduty/event_builder.h"

#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <ctime>
#include <nlohmann/json.hpp>

namespace webhook_receiver::pagerduty {
namespace {

using nlohmann::json;

// Room left for the routing key spliced in at send time.
constexpr std::size_t kBodyBudget = kMaxEventBytes - 256;
// Cut applied to free-form fields when an event is still too large after
// dropping custom_details, links and images.
constexpr std::size_t kFallbackFieldChars = 1024;

bool IsValidSeverity(std::string_view s) {
  return s == "critical" || s == "error" || s == "warning" || s == "info";
}

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  return out;
}

// Invalid UTF-8 from alert labels must not abort the dump: replace it.
std::string Dump(const json& j) {
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

json LinksJson(const std::vector<EscalationLink>& links) {
  json out = json::array();
  for (const auto& link : links) {
    if (link.href.empty()) continue;
    json entry{{"href", link.href}};
    if (!link.text.empty()) entry["text"] = link.text;
    out.push_back(std::move(entry));
  }
  return out;
}

json ImagesJson(const std::vector<EventImage>& images) {
  json out = json::array();
  for (const auto& image : images) {
    if (image.src.rfind("https://", 0) != 0) continue;  // PagerDuty: HTTPS only
    json entry{{"src", image.src}};
    if (!image.href.empty()) entry["href"] = image.href;
    if (!image.alt.empty()) entry["alt"] = image.alt;
    out.push_back(std::move(entry));
  }
  return out;
}

// PagerDuty wants custom_details to be an object; wrap anything else.
void SetDetails(json& payload, const json& details) {
  if (details.is_null() || (details.is_object() && details.empty())) return;
  payload["custom_details"] =
      details.is_object() ? details : json{{"details", details}};
}

void SetIfNotEmpty(json& object, const char* key, const std::string& value) {
  if (!value.empty()) object[key] = value;
}

// Shrinks `body` step by step until it fits: custom_details first (the
// issue's order), then links and images, then long free-form fields.
std::string FitToLimit(json body) {
  std::string text = Dump(body);
  if (text.size() <= kBodyBudget) return text;
  const std::size_t original = text.size();
  json& payload = body["payload"];
  if (payload.contains("custom_details")) {
    payload["custom_details"] = json{
        {"note", "custom_details dropped: the event was " +
                     std::to_string(original) + " bytes, over PagerDuty's " +
                     std::to_string(kMaxEventBytes) + "-byte limit"}};
    text = Dump(body);
    if (text.size() <= kBodyBudget) return text;
  }
  body.erase("links");
  body.erase("images");
  for (auto& [key, value] : payload.items()) {
    if (value.is_string()) {
      value = TruncateUtf8(value.get<std::string>(), kFallbackFieldChars);
    }
  }
  for (const char* key : {"client", "client_url", "dedup_key"}) {
    if (body.contains(key) && body[key].is_string()) {
      body[key] = TruncateUtf8(body[key].get<std::string>(), kFallbackFieldChars);
    }
  }
  return Dump(body);
}

}  // namespace

std::string MapSeverity(std::string_view label, const EventStyle& style) {
  const std::string key = Lower(label);
  if (auto it = style.severity_map.find(key); it != style.severity_map.end()) {
    return it->second;
  }
  if (IsValidSeverity(key)) return key;
  return style.default_severity;
}

std::string TruncateUtf8(std::string_view text, std::size_t max_chars) {
  // Count characters by their lead bytes (anything but 10xxxxxx).
  std::size_t chars = 0;
  std::size_t cut = text.size();
  for (std::size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) continue;
    if (chars == max_chars - 1 && cut == text.size()) cut = i;
    if (++chars > max_chars) return std::string(text.substr(0, cut)) + "…";
  }
  return std::string(text);
}

std::string Sha256Hex(std::string_view data) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  EVP_Digest(data.data(), data.size(), digest.data(), &length, EVP_sha256(),
             nullptr);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < length; ++i) {
    out.push_back(kHex[digest[i] >> 4]);
    out.push_back(kHex[digest[i] & 0xf]);
  }
  return out;
}

std::string NormalizeDedupKey(std::string_view key) {
  if (key.size() <= kMaxDedupKeyChars) return std::string(key);
  return Sha256Hex(key);
}

std::string FormatTimestamp(std::chrono::system_clock::time_point time) {
  using std::chrono::duration_cast;
  using std::chrono::milliseconds;
  const auto ms =
      duration_cast<milliseconds>(time.time_since_epoch()).count();
  const std::time_t seconds = static_cast<std::time_t>(ms / 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &utc);
  char millis[8];
  std::snprintf(millis, sizeof millis, ".%03dZ", static_cast<int>(ms % 1000));
  return std::string(text) + millis;
}

std::string BuildTriggerBody(const EscalationEvent& event,
                             const EventStyle& style,
                             const std::vector<EventImage>& images) {
  json payload{
      {"summary", TruncateUtf8(event.summary.empty() ? "(no summary)"
                                                     : event.summary,
                               kMaxSummaryChars)},
      {"source", event.source.empty() ? style.client : event.source},
      {"severity", MapSeverity(event.severity, style)},
  };
  if (event.timestamp.time_since_epoch().count() != 0) {
    payload["timestamp"] = FormatTimestamp(event.timestamp);
  }
  SetIfNotEmpty(payload, "component", event.component);
  SetIfNotEmpty(payload, "group", event.group);
  SetIfNotEmpty(payload, "class", event.event_class);
  SetDetails(payload, event.custom_details);
  json body{{"event_action", "trigger"},
            {"dedup_key", NormalizeDedupKey(event.dedup_key)},
            {"payload", std::move(payload)}};
  SetIfNotEmpty(body, "client", style.client);
  SetIfNotEmpty(body, "client_url", style.client_url);
  if (json links = LinksJson(event.links); !links.empty()) body["links"] = links;
  if (json pics = ImagesJson(images); !pics.empty()) body["images"] = pics;
  return FitToLimit(std::move(body));
}

std::string BuildStateChangeBody(std::string_view action,
                                 std::string_view dedup_key) {
  return Dump(json{{"event_action", action},
                   {"dedup_key", NormalizeDedupKey(dedup_key)}});
}

std::string BuildChangeBody(const ChangeRecord& change) {
  json payload{{"summary", TruncateUtf8(change.summary.empty()
                                            ? "(no summary)"
                                            : change.summary,
                                        kMaxSummaryChars)}};
  SetIfNotEmpty(payload, "source", change.source);
  if (change.timestamp.time_since_epoch().count() != 0) {
    payload["timestamp"] = FormatTimestamp(change.timestamp);
  }
  SetDetails(payload, change.custom_details);
  json body{{"payload", std::move(payload)}};
  if (json links = LinksJson(change.links); !links.empty()) body["links"] = links;
  return FitToLimit(std::move(body));
}

std::string WithRoutingKey(std::string_view body, std::string_view routing_key) {
  std::string out = "{\"routing_key\":" + Dump(json(routing_key));
  // body is a JSON object we built: "{...}" and never "{}".
  out += ',';
  out.append(body.substr(1));
  return out;
}

}  // namespace webhook_receiver::pagerduty
