#include "cert_fixtures.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <iterator>
#include <stdexcept>

#include "test_support/test_support.h"

namespace kafka_cert::testing {
namespace fs = std::filesystem;

namespace {

constexpr std::int64_t kFreshSeconds = 3600;
constexpr std::int64_t kKeepSeconds = 3 * 3600;

/// Fixture sets live in "gen-<unix seconds>". A new set is made when the
/// newest is over an hour old; old sets are removed only hours later, so a
/// test process still reading one is never pulled from under.
fs::path Generate() {
  fs::path base = test_support::BinaryDir() / "cert-fixtures";
  fs::create_directories(base);
  int lock = open((base / "lock").c_str(), O_CREAT | O_RDWR | O_CLOEXEC, 0600);
  if (lock < 0 || flock(lock, LOCK_EX) != 0) throw std::runtime_error("cannot lock fixtures");
  std::int64_t now = NowSeconds();
  std::int64_t newest = 0;
  for (const auto& entry : fs::directory_iterator(base)) {
    std::string name = entry.path().filename().string();
    if (name.rfind("gen-", 0) != 0 || name.find('.') != std::string::npos) continue;
    std::int64_t made = std::stoll(name.substr(4));
    if (now - made > kKeepSeconds) {
      fs::remove_all(entry.path());
    } else {
      newest = std::max(newest, made);
    }
  }
  if (now - newest > kFreshSeconds) {
    newest = now;
    fs::path partial = base / ("gen-" + std::to_string(now) + ".partial");
    fs::remove_all(partial);
    fs::path script = test_support::SourceDir() / "exporters/cert/tests/make_fixtures.sh";
    auto result = test_support::RunCommand({"sh", script.string(), partial.string()});
    if (result.exit_code != 0) {
      close(lock);
      throw std::runtime_error("make_fixtures.sh failed:\n" + result.output);
    }
    fs::rename(partial, base / ("gen-" + std::to_string(now)));
  }
  close(lock);
  return base / ("gen-" + std::to_string(newest));
}

}  // namespace

const fs::path& Fixtures() {
  static const fs::path dir = Generate();
  return dir;
}

std::vector<std::uint8_t> ReadBytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  return {std::istreambuf_iterator<char>(in), {}};
}

std::int64_t NowSeconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::int64_t OpensslDate(const fs::path& pem, const std::string& which) {
  auto printed = test_support::RunCommand(
      {"openssl", "x509", "-noout", "-" + which, "-in", pem.string()});
  std::string text = printed.output.substr(printed.output.find('=') + 1);
  while (!text.empty() && text.back() == '\n') text.pop_back();
  auto epoch = test_support::RunCommand({"date", "-u", "-d", text, "+%s"});
  return std::stoll(epoch.output);
}

}  // namespace kafka_cert::testing
