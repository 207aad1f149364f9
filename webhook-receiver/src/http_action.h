#pragma once
// http actions (Cruise Control's REST API, a scaler, ...) through libcurl.
// Substituted values are percent-encoded inside the URL. 2xx is success.
#include "action.h"

namespace webhook_receiver {

class HttpActionRunner : public ActionRunner {
 public:
  ActionResult Run(const ActionSpec& spec, const ActionContext& context) override;
};

}  // namespace webhook_receiver
