#include "fake_pagerduty/fake_pagerduty.h"

#include "http_listener.h"

#include <algorithm>
#include <cctype>
#include <regex>
#include <stdexcept>

namespace fake_pagerduty {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxEventBytes = 512'000;
constexpr std::size_t kMaxSummaryChars = 1024;
constexpr std::size_t kMaxDedupKeyChars = 255;
constexpr std::size_t kRoutingKeyChars = 32;
// A hung request is released at the latest after this, so a forgotten
// behaviour cannot wedge a test run.
constexpr auto kMaxHang = std::chrono::seconds(60);

std::size_t Utf8Chars(const std::string& s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

bool IsString(const json& j, const char* key) {
  return j.contains(key) && j[key].is_string();
}

void CheckKeys(const json& object, const std::vector<std::string>& allowed,
               const std::string& where, std::vector<std::string>& errors) {
  for (const auto& [key, value] : object.items()) {
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      errors.push_back(where + key + " is not a known field");
    }
  }
}

void CheckRoutingKey(const json& event, std::vector<std::string>& errors) {
  if (!IsString(event, "routing_key")) {
    errors.push_back("routing_key is missing or not a string");
  } else if (event["routing_key"].get<std::string>().size() != kRoutingKeyChars) {
    errors.push_back("routing_key must be 32 characters");
  }
}

void CheckOptionalString(const json& object, const char* key,
                         const std::string& where,
                         std::vector<std::string>& errors) {
  if (object.contains(key) && !object[key].is_string()) {
    errors.push_back(where + key + " must be a string");
  }
}

void CheckTimestamp(const json& payload, std::vector<std::string>& errors) {
  static const std::regex kIso8601(
      R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:?\d\d))");
  if (!payload.contains("timestamp")) return;
  if (!payload["timestamp"].is_string() ||
      !std::regex_match(payload["timestamp"].get<std::string>(), kIso8601)) {
    errors.push_back("payload.timestamp must be ISO 8601");
  }
}

void CheckSummary(const json& payload, std::vector<std::string>& errors) {
  if (!IsString(payload, "summary") ||
      payload["summary"].get<std::string>().empty()) {
    errors.push_back("payload.summary is required");
  } else if (Utf8Chars(payload["summary"].get<std::string>()) >
             kMaxSummaryChars) {
    errors.push_back("payload.summary is longer than 1024 characters");
  }
}

void CheckLinks(const json& event, std::vector<std::string>& errors) {
  if (!event.contains("links")) return;
  if (!event["links"].is_array()) {
    errors.push_back("links must be an array");
    return;
  }
  for (const auto& link : event["links"]) {
    if (!link.is_object() || !IsString(link, "href")) {
      errors.push_back("links[] needs an href");
    } else {
      CheckKeys(link, {"href", "text"}, "links[].", errors);
      CheckOptionalString(link, "text", "links[].", errors);
    }
  }
}

void CheckImages(const json& event, std::vector<std::string>& errors) {
  if (!event.contains("images")) return;
  if (!event["images"].is_array()) {
    errors.push_back("images must be an array");
    return;
  }
  for (const auto& image : event["images"]) {
    if (!image.is_object() || !IsString(image, "src") ||
        image["src"].get<std::string>().rfind("https://", 0) != 0) {
      errors.push_back("images[] needs an HTTPS src");
    } else {
      CheckKeys(image, {"src", "href", "alt"}, "images[].", errors);
    }
  }
}

void CheckCustomDetails(const json& payload, std::vector<std::string>& errors) {
  if (payload.contains("custom_details") &&
      !payload["custom_details"].is_object()) {
    errors.push_back("payload.custom_details must be an object");
  }
}

std::string Reply(const std::string& status, const std::string& message,
                  const std::vector<std::string>& errors = {},
                  const std::string& dedup_key = "") {
  json body{{"status", status}, {"message", message}};
  if (!errors.empty()) body["errors"] = errors;
  if (!dedup_key.empty()) body["dedup_key"] = dedup_key;
  return body.dump();
}

}  // namespace

std::optional<Behaviour> ParseBehaviour(const std::string& text) {
  if (text == "accept" || text == "202") return Behaviour::kAccept;
  if (text == "400") return Behaviour::kBadRequest;
  if (text == "429") return Behaviour::kRateLimit;
  if (text == "500") return Behaviour::kServerError;
  if (text == "hang") return Behaviour::kHang;
  return std::nullopt;
}

std::vector<std::string> ValidateAlertEvent(const json& event) {
  std::vector<std::string> errors;
  if (!event.is_object()) return {"the event must be a JSON object"};
  CheckKeys(event,
            {"routing_key", "event_action", "dedup_key", "payload", "images",
             "links", "client", "client_url"},
            "", errors);
  CheckRoutingKey(event, errors);
  const std::string action =
      IsString(event, "event_action") ? event["event_action"].get<std::string>() : "";
  if (action != "trigger" && action != "acknowledge" && action != "resolve") {
    errors.push_back("event_action must be trigger, acknowledge or resolve");
  }
  if (event.contains("dedup_key")) {
    if (!event["dedup_key"].is_string() ||
        event["dedup_key"].get<std::string>().empty()) {
      errors.push_back("dedup_key must be a non-empty string");
    } else if (event["dedup_key"].get<std::string>().size() > kMaxDedupKeyChars) {
      errors.push_back("dedup_key is longer than 255 characters");
    }
  } else if (action != "trigger") {
    errors.push_back("dedup_key is required to " + action);
  }
  CheckOptionalString(event, "client", "", errors);
  CheckOptionalString(event, "client_url", "", errors);
  CheckLinks(event, errors);
  CheckImages(event, errors);
  if (action != "trigger") return errors;

  if (!event.contains("payload") || !event["payload"].is_object()) {
    errors.push_back("payload is required for a trigger");
    return errors;
  }
  const json& payload = event["payload"];
  CheckKeys(payload,
            {"summary", "source", "severity", "timestamp", "component", "group",
             "class", "custom_details"},
            "payload.", errors);
  CheckSummary(payload, errors);
  if (!IsString(payload, "source") || payload["source"].get<std::string>().empty()) {
    errors.push_back("payload.source is required");
  }
  static const std::vector<std::string> kSeverities = {"critical", "error",
                                                       "warning", "info"};
  if (!IsString(payload, "severity") ||
      std::find(kSeverities.begin(), kSeverities.end(),
                payload["severity"].get<std::string>()) == kSeverities.end()) {
    errors.push_back("payload.severity must be critical, error, warning or info");
  }
  CheckTimestamp(payload, errors);
  for (const char* key : {"component", "group", "class"}) {
    CheckOptionalString(payload, key, "payload.", errors);
  }
  CheckCustomDetails(payload, errors);
  return errors;
}

std::vector<std::string> ValidateChangeEvent(const json& event) {
  std::vector<std::string> errors;
  if (!event.is_object()) return {"the event must be a JSON object"};
  CheckKeys(event, {"routing_key", "payload", "links"}, "", errors);
  CheckRoutingKey(event, errors);
  CheckLinks(event, errors);
  if (!event.contains("payload") || !event["payload"].is_object()) {
    errors.push_back("payload is required");
    return errors;
  }
  const json& payload = event["payload"];
  CheckKeys(payload, {"summary", "source", "timestamp", "custom_details"},
            "payload.", errors);
  CheckSummary(payload, errors);
  CheckOptionalString(payload, "source", "payload.", errors);
  CheckTimestamp(payload, errors);
  CheckCustomDetails(payload, errors);
  return errors;
}

std::optional<HttpResponse> FakePagerDuty::Route(const HttpRequest& request) {
  if (request.method == "POST") {
    std::string body;
    const int status =
        HandleEvent(request.path, request.content_type, request.body, body);
    if (status == 0) return std::nullopt;  // hung, then dropped
    return HttpResponse{status, "application/json", body};
  }
  if (request.method == "PUT" && request.path == "/fake/behaviour") {
    std::string text = request.body;
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) {
      text.pop_back();
    }
    if (const auto behaviour = ParseBehaviour(text)) {
      SetBehaviour(*behaviour);
      return HttpResponse{200, "text/plain", "ok\n"};
    }
    return HttpResponse{400, "text/plain", "body: accept|400|429|500|hang\n"};
  }
  if (request.method == "GET" && request.path == "/fake/events") {
    std::string lines;
    for (const auto& r : Accepted()) {
      lines += json{{"path", r.path}, {"event", r.body}}.dump() + "\n";
    }
    return HttpResponse{200, "application/x-ndjson", lines};
  }
  if (request.method == "GET" && request.path == "/fake/incidents") {
    json out = json::array();
    for (const auto& i : Incidents()) {
      out.push_back({{"number", i.number},
                     {"dedup_key", i.dedup_key},
                     {"status", i.status},
                     {"triggers", i.triggers},
                     {"last_payload", i.last_payload}});
    }
    return HttpResponse{200, "application/json", out.dump()};
  }
  return HttpResponse{404, "text/plain", "not found\n"};
}

FakePagerDuty::FakePagerDuty(int port)
    : listener_(std::make_unique<HttpListener>(
          port, [this](const HttpRequest& r) { return Route(r); })) {}

FakePagerDuty::~FakePagerDuty() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  changed_.notify_all();
  listener_.reset();  // joins its threads; hung handlers were released above
}

int FakePagerDuty::port() const { return listener_->port(); }

std::string FakePagerDuty::base_url() const {
  return "http://127.0.0.1:" + std::to_string(port());
}

void FakePagerDuty::SetBehaviour(Behaviour behaviour) {
  SetBehaviourForNext(-1, behaviour);
}

void FakePagerDuty::SetBehaviourForNext(int requests, Behaviour behaviour) {
  {
    std::lock_guard lock(mu_);
    behaviour_ = behaviour;
    behaviour_requests_left_ = requests;
    ++behaviour_generation_;
  }
  changed_.notify_all();
}

void FakePagerDuty::OnAccepted(std::function<void(const Request&)> callback) {
  std::lock_guard lock(mu_);
  on_accepted_ = std::move(callback);
}

int FakePagerDuty::HandleEvent(const std::string& path,
                               const std::string& content_type,
                               const std::string& body, std::string& response) {
  const bool change = path == "/v2/change/enqueue";
  if (!change && path != "/v2/enqueue") {
    response = Reply("not found", "unknown path " + path);
    return 404;
  }
  Request request{path, 400, json::parse(body, nullptr, false)};
  if (request.body.is_discarded()) request.body = nullptr;
  std::vector<std::string> errors;
  if (content_type.rfind("application/json", 0) != 0) {
    errors.push_back("Content-Type must be application/json");
  }
  if (body.size() > kMaxEventBytes) {
    errors.push_back("the event is larger than 512000 bytes");
  }
  if (request.body.is_null()) {
    errors.push_back("the body is not JSON");
  } else {
    const auto schema =
        change ? ValidateChangeEvent(request.body) : ValidateAlertEvent(request.body);
    errors.insert(errors.end(), schema.begin(), schema.end());
  }

  std::unique_lock lock(mu_);
  const Behaviour behaviour = behaviour_;
  if (behaviour_requests_left_ > 0 && --behaviour_requests_left_ == 0) {
    behaviour_ = Behaviour::kAccept;
  }
  if (behaviour == Behaviour::kHang) {
    const auto generation = behaviour_generation_;
    changed_.wait_for(lock, kMaxHang, [&] {
      return stopping_ || behaviour_generation_ != generation;
    });
    request.status = 0;  // the client gave up or the behaviour changed
    requests_.push_back(request);
    return 0;  // no answer: civetweb closes the connection
  }
  if (!errors.empty()) {
    response = Reply("invalid event", "Event object is invalid", errors);
  } else if (behaviour == Behaviour::kBadRequest) {
    errors.push_back("rejected on purpose by fake-pagerduty");
    response = Reply("invalid event", "Event object is invalid", errors);
  } else if (behaviour == Behaviour::kRateLimit) {
    request.status = 429;
    response = Reply("throttle event",
                     "Requests for this service are arriving too quickly.");
  } else if (behaviour == Behaviour::kServerError) {
    request.status = 500;
    response = Reply("error", "fake-pagerduty: internal error");
  } else {
    request.status = 202;
    if (!change && !request.body.contains("dedup_key")) {
      request.body["dedup_key"] = "fake-" + std::to_string(requests_.size() + 1);
    }
    if (!change) Fold(request.body);
    response = Reply("success", "Event processed",
                     {}, request.body.value("dedup_key", ""));
  }
  requests_.push_back(request);
  auto callback = on_accepted_;
  lock.unlock();
  changed_.notify_all();
  if (request.status == 202 && callback) callback(request);
  return request.status;
}

void FakePagerDuty::Fold(const json& event) {
  const auto routing_key = event["routing_key"].get<std::string>();
  const auto dedup_key = event["dedup_key"].get<std::string>();
  const auto action = event["event_action"].get<std::string>();
  Incident* open = nullptr;
  for (auto& incident : incidents_) {
    if (incident.routing_key == routing_key && incident.dedup_key == dedup_key &&
        incident.status != "resolved") {
      open = &incident;
    }
  }
  if (action == "trigger") {
    if (open == nullptr) {
      incidents_.push_back({static_cast<int>(incidents_.size()) + 1, routing_key,
                            dedup_key, "triggered", 0, nullptr});
      open = &incidents_.back();
    }
    ++open->triggers;
    open->last_payload = event["payload"];
  } else if (open != nullptr) {
    // Like PagerDuty: acknowledge/resolve of an unknown key is dropped.
    open->status = action == "resolve" ? "resolved" : "acknowledged";
  }
}

std::vector<Request> FakePagerDuty::Requests() const {
  std::lock_guard lock(mu_);
  return requests_;
}

std::vector<Request> FakePagerDuty::Accepted() const {
  std::lock_guard lock(mu_);
  std::vector<Request> out;
  for (const auto& r : requests_) {
    if (r.status == 202) out.push_back(r);
  }
  return out;
}

std::vector<Incident> FakePagerDuty::Incidents() const {
  std::lock_guard lock(mu_);
  return incidents_;
}

bool FakePagerDuty::WaitForAccepted(std::size_t n,
                                    std::chrono::milliseconds timeout) const {
  std::unique_lock lock(mu_);
  return changed_.wait_for(lock, timeout, [&] {
    std::size_t accepted = 0;
    for (const auto& r : requests_) accepted += r.status == 202;
    return accepted >= n;
  });
}

void FakePagerDuty::Reset() {
  {
    std::lock_guard lock(mu_);
    requests_.clear();
    incidents_.clear();
    behaviour_ = Behaviour::kAccept;
    behaviour_requests_left_ = -1;
    ++behaviour_generation_;
  }
  changed_.notify_all();
}

}  // namespace fake_pagerduty
