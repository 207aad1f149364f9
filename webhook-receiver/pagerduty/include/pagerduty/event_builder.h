#pragma once
// Turns the receiver's EscalationEvent into Events API v2 request bodies.
// Bodies are built WITHOUT the routing key: the outbox stores them on disk,
// and the secret is spliced in only at send time (WithRoutingKey).
#include <chrono>
#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "escalation.h"

namespace webhook_receiver::pagerduty {

/// PagerDuty limits (Events API v2).
inline constexpr std::size_t kMaxSummaryChars = 1024;
inline constexpr std::size_t kMaxDedupKeyChars = 255;
inline constexpr std::size_t kMaxEventBytes = 512'000;

/// An image shown on the incident; PagerDuty only accepts HTTPS sources.
struct EventImage {
  std::string src;
  std::string href;
  std::string alt;
};

/// Settings that shape every event, from the `pagerduty:` config section.
struct EventStyle {
  std::string client = "kafka-webhook-receiver";
  std::string client_url;
  std::string default_severity = "error";
  /// Label value (lower case) -> PagerDuty severity, e.g. {"page": "critical"}.
  std::map<std::string, std::string> severity_map;
};

/// Maps a severity label to critical|error|warning|info: the configured map
/// first, then the value itself if valid, else the default.
std::string MapSeverity(std::string_view label, const EventStyle& style);

/// Cuts `text` to at most `max_chars` UTF-8 characters, ending with "…" when
/// it had to cut.
std::string TruncateUtf8(std::string_view text, std::size_t max_chars);

/// Lower-case hex SHA-256 of `data`.
std::string Sha256Hex(std::string_view data);

/// Keys longer than PagerDuty's 255 characters become their SHA-256 (hex):
/// still stable, so trigger and resolve keep matching.
std::string NormalizeDedupKey(std::string_view key);

/// The trigger body. Summary cut to 1024 characters; if the event would
/// exceed 512 KB, custom_details is replaced by a note first, then links and
/// images are dropped and long fields cut.
std::string BuildTriggerBody(const EscalationEvent& event,
                             const EventStyle& style,
                             const std::vector<EventImage>& images = {});

/// The acknowledge or resolve body: only event_action and dedup_key.
std::string BuildStateChangeBody(std::string_view action,
                                 std::string_view dedup_key);

/// A change event body (POST /v2/change/enqueue), same size rules.
std::string BuildChangeBody(const ChangeRecord& change);

/// Inserts "routing_key" as the first member of a JSON object body.
std::string WithRoutingKey(std::string_view body, std::string_view routing_key);

/// ISO 8601 UTC with milliseconds, e.g. "2026-08-20T10:21:17.123Z".
std::string FormatTimestamp(std::chrono::system_clock::time_point time);

}  // namespace webhook_receiver::pagerduty
