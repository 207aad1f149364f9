#include "walk_error.h"

#include <cerrno>

namespace kafka_disk {

std::string_view WalkErrorName(WalkError error) {
  switch (error) {
    case WalkError::kPermissionDenied:
      return "permission_denied";
    case WalkError::kNotFound:
      return "not_found";
    case WalkError::kSymlinkLoop:
      return "symlink_loop";
    case WalkError::kNotADirectory:
      return "not_a_directory";
    case WalkError::kIoError:
      return "io_error";
    case WalkError::kTimeout:
      return "timeout";
  }
  return "io_error";
}

WalkError ClassifyError(std::error_code code) {
  switch (code.value()) {
    case EACCES:
    case EPERM:
      return WalkError::kPermissionDenied;
    case ENOENT:
      return WalkError::kNotFound;
    case ELOOP:
      return WalkError::kSymlinkLoop;
    case ENOTDIR:
      return WalkError::kNotADirectory;
    case ETIMEDOUT:
      return WalkError::kTimeout;
    default:
      return WalkError::kIoError;
  }
}

}  // namespace kafka_disk
