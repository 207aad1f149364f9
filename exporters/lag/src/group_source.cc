#include "group_source.h"

#include <spdlog/spdlog.h>

namespace lag_exporter {

using Outcome = kafka_client::GroupDiscovery::Outcome;

std::optional<DescribeMode> ParseDescribeMode(std::string_view text) {
  if (text == "auto") return DescribeMode::kAuto;
  if (text == "true") return DescribeMode::kAlways;
  if (text == "false") return DescribeMode::kNever;
  return std::nullopt;
}

GroupSource::GroupSource(std::unique_ptr<kafka_client::GroupDirectory> directory,
                         GroupSourceOptions options)
    : directory_(std::move(directory)), options_(options) {}

std::vector<std::string> GroupSource::Discover(
    std::chrono::steady_clock::time_point now,
    kafka_client::Deadline deadline) {
  requests_ = 0;
  describe_ran_ = false;
  listed_states_.clear();
  if (!directory_ || !options_.discover) return {};
  if (retry_at_ && now < *retry_at_) return {};
  ++requests_;
  auto discovery = directory_->ListGroups(deadline);
  switch (discovery.outcome) {
    case Outcome::kUnsupported:
      if (!ever_unsupported_) {
        spdlog::warn(
            "group discovery: this cluster does not support "
            "ListConsumerGroups ({}); reporting only --kafka.groups, without "
            "DescribeConsumerGroups; retrying every {}s",
            discovery.error,
            std::chrono::duration_cast<std::chrono::seconds>(
                options_.discovery_retry)
                .count());
      }
      ever_unsupported_ = true;
      supported_ = false;
      retry_at_ = now + options_.discovery_retry;
      return {};
    case Outcome::kFailed:
      spdlog::warn("group discovery failed, using --kafka.groups only: {}",
                   discovery.error);
      return {};
    case Outcome::kPartial:
      spdlog::warn("group discovery incomplete (some brokers failed): {}",
                   discovery.error);
      break;
    case Outcome::kOk:
      break;
  }
  if (ever_unsupported_ && supported_ == false) {
    spdlog::info("group discovery: ListConsumerGroups works again");
  }
  supported_ = true;
  retry_at_.reset();
  std::vector<std::string> groups;
  groups.reserve(discovery.groups.size());
  for (auto& listing : discovery.groups) {
    listed_states_[listing.group] = listing.state;
    groups.push_back(std::move(listing.group));
  }
  return groups;
}

bool GroupSource::DescribeAllowed() const {
  // Never after "unsupported": on librdkafka 2.0.2 such clusters can make
  // DescribeConsumerGroups deadlock rd_kafka_destroy or abort the process.
  if (!directory_ || options_.describe == DescribeMode::kNever ||
      supported_ != true) {
    return false;
  }
  return true;  // kAuto and kAlways: ListConsumerGroups worked
}

namespace {
Membership FromState(std::string_view state) {
  if (state == "Empty" || state == "Dead") return Membership::kNoMembers;
  if (state == "Stable" || state == "PreparingRebalance" ||
      state == "CompletingRebalance") {
    return Membership::kActiveMembers;
  }
  return Membership::kUnknown;
}
}  // namespace

std::unordered_map<std::string, GroupFacts> GroupSource::Facts(
    const std::vector<std::string>& groups, kafka_client::Deadline deadline) {
  std::unordered_map<std::string, GroupFacts> facts;
  for (const auto& group : groups) {
    auto it = listed_states_.find(group);
    if (it != listed_states_.end()) {
      facts[group].membership = FromState(it->second);
    }
  }
  if (!DescribeAllowed() || groups.empty()) return facts;
  describe_ran_ = true;
  const auto described = directory_->DescribeGroups(groups, deadline);
  const auto batch = static_cast<std::size_t>(kafka_client::kDescribeBatch);
  requests_ += static_cast<int>((groups.size() + batch - 1) / batch);
  for (const auto& d : described) {
    if (d.error != RD_KAFKA_RESP_ERR_NO_ERROR) continue;
    GroupFacts& f = facts[d.group];
    f.members = d.members;
    f.membership =
        d.members > 0 ? Membership::kActiveMembers : Membership::kNoMembers;
  }
  return facts;
}

}  // namespace lag_exporter
