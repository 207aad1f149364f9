#pragma once
// Routes each action to the runner for its type.
#include <memory>

#include "action.h"
#include "exec_action.h"
#include "http_action.h"
#include "kafka_action.h"

namespace webhook_receiver {

class ActionDispatcher : public ActionRunner {
 public:
  explicit ActionDispatcher(std::shared_ptr<KafkaAdmin> kafka_admin)
      : kafka_(std::move(kafka_admin)) {}
  ActionResult Run(const ActionSpec& spec, const ActionContext& context) override;

 private:
  ExecActionRunner exec_;
  HttpActionRunner http_;
  KafkaActionRunner kafka_;
};

}  // namespace webhook_receiver
