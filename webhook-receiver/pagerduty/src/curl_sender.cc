#include "pagerduty/curl_sender.h"

#include <curl/curl.h>

#include <mutex>
#include <nlohmann/json.hpp>

namespace webhook_receiver::pagerduty {
namespace {

// Responses are small JSON documents; anything past this is not read.
constexpr std::size_t kMaxResponseBytes = 64 * 1024;
constexpr std::size_t kMaxMessageChars = 512;

struct Response {
  std::string body;
};

std::size_t OnData(char* data, std::size_t size, std::size_t count, void* user) {
  auto* response = static_cast<Response*>(user);
  const std::size_t bytes = size * count;
  const std::size_t room = kMaxResponseBytes - response->body.size();
  response->body.append(data, std::min(bytes, room));
  return bytes;
}

int OnProgress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  const auto* abort = static_cast<const std::atomic<bool>*>(user);
  return abort != nullptr && abort->load() ? 1 : 0;
}

// "Event object is invalid: 'payload.summary' is missing" from PagerDuty's
// {"status", "message", "errors": [...]} answer; raw text otherwise.
std::string DescribeResponse(const std::string& body) {
  const auto j = nlohmann::json::parse(body, nullptr, false);
  std::string out;
  if (j.is_object()) {
    if (j.contains("message") && j["message"].is_string()) {
      out = j["message"].get<std::string>();
    }
    if (j.contains("errors") && j["errors"].is_array()) {
      for (const auto& error : j["errors"]) {
        out += out.empty() ? "" : "; ";
        out += error.is_string() ? error.get<std::string>() : error.dump();
      }
    }
  } else {
    out = body;
  }
  if (out.size() > kMaxMessageChars) out.resize(kMaxMessageChars);
  return out;
}

}  // namespace

struct CurlSender::Handle {
  CURL* curl = nullptr;
  curl_slist* headers = nullptr;
  ~Handle() {
    curl_slist_free_all(headers);
    if (curl != nullptr) curl_easy_cleanup(curl);
  }
};

CurlSender::CurlSender(std::chrono::milliseconds timeout,
                       const std::atomic<bool>* abort)
    : handle_(std::make_unique<Handle>()), timeout_(timeout), abort_(abort) {
  static std::once_flag global_init;
  std::call_once(global_init, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  handle_->headers =
      curl_slist_append(handle_->headers, "Content-Type: application/json");
  handle_->headers =
      curl_slist_append(handle_->headers, "Accept: application/json");
  // No "Expect: 100-continue" round trip (curl adds it above 1 KB bodies).
  handle_->headers = curl_slist_append(handle_->headers, "Expect:");
}

CurlSender::~CurlSender() = default;

SendResult CurlSender::Send(const std::string& url, std::string_view body) {
  SendResult result;
  if (handle_->curl == nullptr) handle_->curl = curl_easy_init();
  CURL* curl = handle_->curl;
  if (curl == nullptr) {
    result.message = "curl_easy_init failed";
    return result;
  }
  curl_easy_reset(curl);
  Response response;
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_POST, 1L);
  curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.data());
  curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE,
                   static_cast<curl_off_t>(body.size()));
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, handle_->headers);
  curl_easy_setopt(curl, CURLOPT_USERAGENT, "kafka-webhook-receiver");
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS,
                   static_cast<long>(timeout_.count()));
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS,
                   static_cast<long>(timeout_.count()));
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, OnData);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &response);
  curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, OnProgress);
  curl_easy_setopt(curl, CURLOPT_XFERINFODATA, abort_);
  const CURLcode code = curl_easy_perform(curl);
  if (code != CURLE_OK) {
    result.verdict = Verdict::kNetworkError;
    result.message = curl_easy_strerror(code);
    return result;
  }
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &result.http_status);
  result.verdict = VerdictForStatus(result.http_status);
  result.message = DescribeResponse(response.body);
  return result;
}

}  // namespace webhook_receiver::pagerduty
