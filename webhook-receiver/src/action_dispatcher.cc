#include "action_dispatcher.h"

namespace webhook_receiver {

ActionResult ActionDispatcher::Run(const ActionSpec& spec, const ActionContext& context) {
  try {
    switch (spec.type) {
      case ActionType::kExec:
        return exec_.Run(spec, context);
      case ActionType::kHttp:
        return http_.Run(spec, context);
      case ActionType::kKafka:
        return kafka_.Run(spec, context);
    }
  } catch (const std::exception& e) {
    ActionResult result;
    result.detail = std::string("internal error: ") + e.what();
    return result;
  }
  return {};
}

}  // namespace webhook_receiver
