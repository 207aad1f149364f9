#pragma once
// A loopback PagerDuty-compatible endpoint for tests and the demo. It checks
// every request against the Events API v2 schema (routing_key of 32
// characters, event_action, dedup_key, payload summary/source/severity for
// triggers, field sizes, the 512 KB event limit), answers like PagerDuty,
// and keeps incidents the way PagerDuty does: a trigger opens or updates the
// incident of its (routing_key, dedup_key); after a resolve the same key
// opens a new one.
//
// Routes: POST /v2/enqueue, POST /v2/change/enqueue; for scripts:
// PUT /fake/behaviour (body: accept|400|429|500|hang), GET /fake/events
// (accepted events, JSON lines), GET /fake/incidents (JSON).
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace fake_pagerduty {

class HttpListener;
struct HttpRequest;
struct HttpResponse;

/// How the endpoint answers well-formed events.
enum class Behaviour {
  kAccept,       ///< 202 (invalid events still get 400)
  kBadRequest,   ///< 400, as for an invalid event
  kRateLimit,    ///< 429
  kServerError,  ///< 500
  kHang,         ///< never answers until the behaviour changes or shutdown
};
std::optional<Behaviour> ParseBehaviour(const std::string& text);

/// Schema problems of an alert event (empty if valid).
std::vector<std::string> ValidateAlertEvent(const nlohmann::json& event);
/// Schema problems of a change event (empty if valid).
std::vector<std::string> ValidateChangeEvent(const nlohmann::json& event);

struct Incident {
  int number = 0;  ///< 1, 2, ... in order of creation
  std::string routing_key;
  std::string dedup_key;
  std::string status;  ///< triggered, acknowledged or resolved
  int triggers = 0;    ///< trigger events folded into this incident
  nlohmann::json last_payload;
};

struct Request {
  std::string path;
  int status = 0;
  nlohmann::json body;  ///< null if the body was not JSON
};

class FakePagerDuty {
 public:
  /// Listens on 127.0.0.1:`port` (0: a free port).
  explicit FakePagerDuty(int port = 0);
  ~FakePagerDuty();
  FakePagerDuty(const FakePagerDuty&) = delete;
  FakePagerDuty& operator=(const FakePagerDuty&) = delete;

  int port() const;
  std::string base_url() const;

  void SetBehaviour(Behaviour behaviour);
  /// Answers the next `requests` events with `behaviour`, then accepts.
  void SetBehaviourForNext(int requests, Behaviour behaviour);
  /// Called for each accepted event (from a server thread).
  void OnAccepted(std::function<void(const Request&)> callback);

  /// Every request seen, in arrival order (rejected and failed ones too).
  std::vector<Request> Requests() const;
  /// Requests answered 202, in arrival order.
  std::vector<Request> Accepted() const;
  std::vector<Incident> Incidents() const;
  /// Waits until `n` events were accepted.
  bool WaitForAccepted(std::size_t n, std::chrono::milliseconds timeout) const;
  /// Forgets requests and incidents; back to kAccept.
  void Reset();

 private:
  std::optional<HttpResponse> Route(const HttpRequest& request);
  /// Answers one POSTed event; 0 means "hung, no answer".
  int HandleEvent(const std::string& path, const std::string& content_type,
                  const std::string& body, std::string& response);
  void Fold(const nlohmann::json& event);

  mutable std::mutex mu_;
  mutable std::condition_variable changed_;
  Behaviour behaviour_ = Behaviour::kAccept;
  int behaviour_requests_left_ = -1;  ///< -1: until changed
  std::uint64_t behaviour_generation_ = 0;
  bool stopping_ = false;
  std::vector<Request> requests_;
  std::vector<Incident> incidents_;
  std::function<void(const Request&)> on_accepted_;
  // Last: stopped first, while the state its handlers use still exists.
  std::unique_ptr<HttpListener> listener_;
};

}  // namespace fake_pagerduty
