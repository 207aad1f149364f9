#pragma once
// FakeEscalation records what the engine asks of PagerDuty (issue 8 provides
// the real implementation; a test must not page anyone).
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "escalation.h"

namespace webhook_receiver::testing {

class FakeEscalation : public Escalation {
 public:
  struct Call {
    std::string kind;  ///< trigger, acknowledge, resolve, change
    std::string target;
    std::string dedup_key;
    std::string summary;
    nlohmann::json details;
  };

  void Trigger(const EscalationEvent& event) override {
    Add({"trigger", event.target, event.dedup_key, event.summary, event.custom_details});
  }
  void Acknowledge(const std::string& target, const std::string& dedup_key) override {
    Add({"acknowledge", target, dedup_key, "", {}});
  }
  void Resolve(const std::string& target, const std::string& dedup_key) override {
    Add({"resolve", target, dedup_key, "", {}});
  }
  void RecordChange(const ChangeRecord& change) override {
    Add({"change", change.target, "", change.summary, change.custom_details});
  }
  bool HasTarget(const std::string& target) const override { return targets.contains(target); }

  std::vector<Call> Calls(const std::string& kind) const {
    std::lock_guard lock(mutex_);
    std::vector<Call> out;
    for (const Call& c : calls_) {
      if (c.kind == kind) out.push_back(c);
    }
    return out;
  }

  std::set<std::string> targets{"kafka-oncall"};

 private:
  void Add(Call call) {
    std::lock_guard lock(mutex_);
    calls_.push_back(std::move(call));
  }
  mutable std::mutex mutex_;
  std::vector<Call> calls_;
};

}  // namespace webhook_receiver::testing
