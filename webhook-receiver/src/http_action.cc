#include "http_action.h"

#include <curl/curl.h>

#include <memory>

namespace webhook_receiver {
namespace {

constexpr std::size_t kMaxResponseBytes = 64 * 1024;

std::string PercentEncode(std::string_view value) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : value) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

std::size_t Collect(char* data, std::size_t size, std::size_t count, void* user) {
  auto* out = static_cast<std::string*>(user);
  std::size_t n = size * count;
  if (out->size() < kMaxResponseBytes) {
    out->append(data, std::min(n, kMaxResponseBytes - out->size()));
  }
  return n;
}

}  // namespace

ActionResult HttpActionRunner::Run(const ActionSpec& spec,
                                   const ActionContext& context) {
  ActionResult result;
  std::string url = spec.url.Render(context.params, &PercentEncode);
  std::string body = spec.body.Render(context.params);
  nlohmann::json headers = nlohmann::json::object();
  for (const auto& [name, value] : spec.headers) {
    headers[name] = value.Render(context.params);
  }
  result.record = {{"method", spec.method}, {"url", url}, {"headers", headers},
                   {"body", body}};
  if (context.dry_run) {
    result.outcome = ActionOutcome::kDryRun;
    result.detail = "dry run: would send " + spec.method + " " + url;
    return result;
  }
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(),
                                                           &curl_easy_cleanup);
  std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> list(nullptr,
                                                                   &curl_slist_free_all);
  for (const auto& [name, value] : headers.items()) {
    std::string line = name + ": " + value.get<std::string>();
    list.reset(curl_slist_append(list.release(), line.c_str()));
  }
  std::string response;
  CURL* c = curl.get();
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, spec.method.c_str());
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(spec.timeout.count()));
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, list.get());
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, &Collect);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &response);
  if (spec.method != "GET") {
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, body.c_str());
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
  }
  CURLcode rc = curl_easy_perform(c);
  result.record["response"] = response;
  if (rc == CURLE_OPERATION_TIMEDOUT) {
    result.outcome = ActionOutcome::kTimeout;
    result.detail = std::string("timed out: ") + curl_easy_strerror(rc);
    return result;
  }
  if (rc != CURLE_OK) {
    result.detail = std::string("request failed: ") + curl_easy_strerror(rc);
    return result;
  }
  long status = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
  result.record["status"] = status;
  result.detail = "HTTP " + std::to_string(status);
  if (status >= 200 && status < 300) result.outcome = ActionOutcome::kSuccess;
  return result;
}

}  // namespace webhook_receiver
