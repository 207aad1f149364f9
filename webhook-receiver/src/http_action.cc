#include "http_action.h"

#include <curl/curl.h>

#include <memory>
#include <string>
#include <vector>

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

constexpr char kRedacted[] = "<redacted>";

struct RenderedHeader {
  std::string name;
  std::string value;
};

std::vector<RenderedHeader> RenderHeaders(const ActionSpec& spec, const ParamValues& params) {
  std::vector<RenderedHeader> headers;
  for (const auto& header : spec.headers) {
    headers.push_back({header.name, header.value.Render(params)});
  }
  return headers;
}

// The record goes to the journal, the audit log, the API and the status page,
// and header values are credentials too often: names only.
nlohmann::json RedactedHeaders(const ActionSpec& spec) {
  nlohmann::json headers = nlohmann::json::object();
  for (const auto& header : spec.headers) headers[header.name] = kRedacted;
  return headers;
}

// Shorter values are not credentials worth the name (a header picked as
// secret by its name may hold "on"), and cutting them out would garble the
// record.
constexpr std::size_t kMinScrubbedLength = 8;

// The secret header values as sent, and the credential after an auth scheme
// ("Bearer <token>"): a server that echoes its request, or a token pasted into
// a URL or body by hand, must not bring them back into the record.
std::vector<std::string> SecretValues(const ActionSpec& spec,
                                      const std::vector<RenderedHeader>& rendered) {
  std::vector<std::string> secrets;
  const auto add = [&secrets](std::string value) {
    if (value.size() >= kMinScrubbedLength) secrets.push_back(std::move(value));
  };
  for (std::size_t i = 0; i < spec.headers.size(); ++i) {
    if (!spec.headers[i].secret) continue;
    const std::string& value = rendered[i].value;
    add(value);
    const auto space = value.find_last_of(' ');
    if (space != std::string::npos) add(value.substr(space + 1));
  }
  return secrets;
}

std::string Scrub(std::string text, const std::vector<std::string>& secrets) {
  for (const std::string& secret : secrets) {
    for (auto pos = text.find(secret); pos != std::string::npos;
         pos = text.find(secret, pos + sizeof kRedacted - 1)) {
      text.replace(pos, secret.size(), kRedacted);
    }
  }
  return text;
}

}  // namespace

ActionResult HttpActionRunner::Run(const ActionSpec& spec,
                                   const ActionContext& context) {
  ActionResult result;
  std::string url = spec.url.Render(context.params, &PercentEncode);
  std::string body = spec.body.Render(context.params);
  const std::vector<RenderedHeader> headers = RenderHeaders(spec, context.params);
  const std::vector<std::string> secrets = SecretValues(spec, headers);
  const std::string recorded_url = Scrub(url, secrets);
  result.record = {{"method", spec.method}, {"url", recorded_url},
                   {"headers", RedactedHeaders(spec)}, {"body", Scrub(body, secrets)}};
  if (context.dry_run) {
    result.outcome = ActionOutcome::kDryRun;
    result.detail = "dry run: would send " + spec.method + " " + recorded_url;
    return result;
  }
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(),
                                                           &curl_easy_cleanup);
  std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> list(nullptr,
                                                                   &curl_slist_free_all);
  for (const auto& header : headers) {
    std::string line = header.name + ": " + header.value;
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
  result.record["response"] = Scrub(std::move(response), secrets);
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
