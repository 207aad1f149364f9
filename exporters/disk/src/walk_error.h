#pragma once
// Why part of a walk failed: the `reason` label of the error counter.
#include <array>
#include <cstdint>
#include <string_view>
#include <system_error>

namespace kafka_disk {

enum class WalkError {
  kPermissionDenied,
  kNotFound,  ///< vanished mid-walk (retention) or missing
  kSymlinkLoop,
  kNotADirectory,
  kIoError,
  kTimeout,  ///< the walk overran --walk.timeout
};
inline constexpr int kWalkErrorCount = 6;
using WalkErrorCounts = std::array<std::uint64_t, kWalkErrorCount>;

std::string_view WalkErrorName(WalkError error);
/// Maps an errno-style code to the reason it is counted under.
WalkError ClassifyError(std::error_code code);

}  // namespace kafka_disk
