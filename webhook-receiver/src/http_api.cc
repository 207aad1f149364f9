#include "http_api.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <charconv>

namespace webhook_receiver {
namespace {

using exporter_kit::HttpRequest;
using exporter_kit::HttpResponse;
using nlohmann::json;

HttpResponse JsonError(int status, const std::string& message) {
  return HttpResponse::Json(status, Dump(json{{"status", "error"}, {"error", message}}) + "\n");
}

// "application/json; charset=utf-8" -> "application/json"
std::string MediaType(std::string_view header) {
  header = header.substr(0, header.find(';'));
  while (!header.empty() && header.back() == ' ') header.remove_suffix(1);
  while (!header.empty() && header.front() == ' ') header.remove_prefix(1);
  std::string out(header);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

}  // namespace

std::string HtmlEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out.push_back(c);
    }
  }
  return out;
}

HttpResponse HttpApi::Alerts(const HttpRequest& request) {
  std::string type = MediaType(request.Header("content-type"));
  if (type != "application/json") {
    metrics_.Notification("unsupported_media_type");
    return JsonError(415, "unsupported Content-Type \"" + type +
                              "\": send application/json (Alertmanager webhook v4)");
  }
  auto parsed = ParseNotification(request.body);
  if (auto* error = std::get_if<PayloadError>(&parsed)) {
    metrics_.Notification("bad_request");
    return JsonError(400, error->message);
  }
  auto& notification = std::get<Notification>(parsed);
  std::size_t alerts = notification.alerts.size();
  try {
    std::uint64_t seq = inbox_.Submit(journal_, std::move(notification), request.body);
    metrics_.Notification("accepted");
    return HttpResponse::Json(
        200, "{\"status\":\"accepted\",\"seq\":" + std::to_string(seq) +
                 ",\"alerts\":" + std::to_string(alerts) + "}\n");
  } catch (const JournalError& e) {
    metrics_.Notification("journal_error");
    metrics_.JournalError();
    spdlog::error("cannot persist a notification: {}", e.what());
    // 5xx is what makes Alertmanager retry within the flush.
    return JsonError(503, std::string("cannot persist the notification: ") + e.what());
  }
}

HttpResponse HttpApi::Episodes(const HttpRequest& request) {
  std::size_t limit = 100;
  if (auto text = request.QueryParam("limit")) {
    auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), limit);
    if (ec != std::errc() || end != text->data() + text->size() || limit == 0 ||
        limit > 100000) {
      return JsonError(400, "limit: expected an integer from 1 to 100000");
    }
  }
  std::string state = request.QueryParam("state").value_or("");
  if (!state.empty()) {
    try {
      ParseEpisodeState(state);
    } catch (const std::invalid_argument&) {
      return JsonError(400, "state: unknown episode state \"" + state + "\"");
    }
  }
  return HttpResponse::Json(200, Dump(engine_.EpisodesJson(limit, state)) + "\n");
}

HttpResponse HttpApi::StatusPage(const HttpRequest&) {
  json data = engine_.EpisodesJson(50, "");
  const json& breaker = data["breaker"];
  std::string html =
      "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>kafka-webhook-receiver"
      "</title><style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
      "td,th{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}"
      ".failed,.unknown{color:#b00}.succeeded{color:#070}</style></head><body>"
      "<h1>kafka-webhook-receiver</h1><p>Breaker: <b>";
  html += breaker["open"].get<bool>() ? "OPEN (all actions stopped)" : "closed";
  html += "</b>, " + std::to_string(breaker["actions_in_window"].get<std::size_t>()) +
          " actions in the window. <a href=\"/api/v1/episodes\">Episodes (JSON)</a> · "
          "<a href=\"/metrics\">Metrics</a></p><h2>Recent episodes</h2><table><tr>"
          "<th>Updated</th><th>Rule</th><th>Alert</th><th>State</th><th>Reason</th>"
          "<th>Actions</th></tr>";
  for (const json& e : data["episodes"]) {
    std::string state = e["state"];
    std::string labels;
    for (const auto& [name, value] : e["labels"].items()) {
      labels += name + "=" + value.get<std::string>() + " ";
    }
    std::string actions;
    for (const json& run : e["actions"]) {
      actions += run["name"].get<std::string>() + " #" + std::to_string(run["attempt"].get<int>()) +
                 ": " + (run["outcome"].is_null() ? "running" : run["outcome"].get<std::string>()) +
                 " (" + run["detail"].get<std::string>() + ")\n";
    }
    html += "<tr><td>" + FormatTime(e["updated_at"].get<TimeMs>()) + "</td><td>" +
            HtmlEscape(e["rule"].get<std::string>()) + "</td><td>" + HtmlEscape(labels) +
            "</td><td class=\"" + state + "\">" + state +
            (e["dry_run"].get<bool>() ? " (dry run)" : "") + "</td><td>" +
            HtmlEscape(e["reason"].get<std::string>()) + "</td><td><pre>" +
            HtmlEscape(actions) + "</pre></td></tr>";
  }
  html += "</table></body></html>\n";
  return HttpResponse::Html(200, html);
}

}  // namespace webhook_receiver
