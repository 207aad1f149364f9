#pragma once
// The receiver's HTTP surface: the Alertmanager intake, the episodes API and
// the HTML status page. Auth, 405 and 413 are answered by exporter_kit
// before these handlers run.
#include "engine.h"
#include "exporter_kit/http.h"
#include "inbox.h"
#include "journal.h"
#include "metrics.h"

namespace webhook_receiver {

class HttpApi {
 public:
  HttpApi(Journal& journal, Inbox& inbox, Engine& engine, ReceiverMetrics& metrics)
      : journal_(journal), inbox_(inbox), engine_(engine), metrics_(metrics) {}

  /// POST: 200 once the notification is on disk; 400, 415 or 503 otherwise.
  exporter_kit::HttpResponse Alerts(const exporter_kit::HttpRequest& request);
  /// GET /api/v1/episodes?state=failed&limit=100
  exporter_kit::HttpResponse Episodes(const exporter_kit::HttpRequest& request);
  /// GET /: recent episodes and actions, breaker state.
  exporter_kit::HttpResponse StatusPage(const exporter_kit::HttpRequest& request);

 private:
  Journal& journal_;
  Inbox& inbox_;
  Engine& engine_;
  ReceiverMetrics& metrics_;
};

/// Escapes text for HTML element content and attribute values.
std::string HtmlEscape(std::string_view text);

}  // namespace webhook_receiver
