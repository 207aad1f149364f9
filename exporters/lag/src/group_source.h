#pragma once
// When to discover and describe consumer groups, and how to degrade on a
// cluster that cannot: ListConsumerGroups answered _UNSUPPORTED_FEATURE
// means "report the explicit --kafka.groups only, never describe, ask again
// after --group.discovery-retry", logged once, visible as a metric.
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "kafka_client/group_offsets.h"
#include "partition_status.h"

namespace lag_exporter {

enum class DescribeMode { kAuto, kAlways, kNever };
/// Parses "auto", "true", "false"; nothing otherwise.
std::optional<DescribeMode> ParseDescribeMode(std::string_view text);

struct GroupSourceOptions {
  bool discover = true;
  DescribeMode describe = DescribeMode::kAuto;
  std::chrono::milliseconds discovery_retry{std::chrono::minutes(10)};
};

/// \brief What is known about a group besides its offsets.
struct GroupFacts {
  Membership membership = Membership::kUnknown;
  std::optional<int> members;  ///< only from DescribeConsumerGroups
};

class GroupSource {
 public:
  /// `directory` may be null: no discovery, no describe.
  GroupSource(std::unique_ptr<kafka_client::GroupDirectory> directory,
              GroupSourceOptions options);

  /// \brief Discovered group ids (empty when discovery is off, unsupported
  /// or failed this cycle). `now` drives the retry after "unsupported".
  std::vector<std::string> Discover(std::chrono::steady_clock::time_point now,
                                    kafka_client::Deadline deadline);

  /// \brief Membership facts for `groups`: from the listing's state, and
  /// from DescribeConsumerGroups when the mode and the cluster allow it.
  std::unordered_map<std::string, GroupFacts> Facts(
      const std::vector<std::string>& groups, kafka_client::Deadline deadline);

  /// 1 supported, 0 unsupported, nullopt not tried / off.
  std::optional<bool> discovery_supported() const { return supported_; }
  bool describe_ran() const { return describe_ran_; }
  /// Admin requests issued in the last cycle (ListGroups, Describe batches).
  int requests() const { return requests_; }

 private:
  bool DescribeAllowed() const;

  std::unique_ptr<kafka_client::GroupDirectory> directory_;
  GroupSourceOptions options_;
  std::optional<bool> supported_;
  bool ever_unsupported_ = false;
  std::optional<std::chrono::steady_clock::time_point> retry_at_;
  std::unordered_map<std::string, std::string> listed_states_;
  bool describe_ran_ = false;
  int requests_ = 0;
};

}  // namespace lag_exporter
