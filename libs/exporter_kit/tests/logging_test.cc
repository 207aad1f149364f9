#include "exporter_kit/logging.h"

#include <gtest/gtest.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cstdio>
#include <regex>

#include "exporter_kit/config.h"

namespace exporter_kit {
namespace {

// Captures what the default logger writes to stderr.
std::string CaptureStderr(const std::function<void()>& body) {
  fflush(stderr);
  const int saved = dup(STDERR_FILENO);
  FILE* file = tmpfile();
  dup2(fileno(file), STDERR_FILENO);
  body();
  spdlog::default_logger()->flush();
  fflush(stderr);
  dup2(saved, STDERR_FILENO);
  close(saved);
  std::string text;
  rewind(file);
  char buffer[1024];
  while (const auto n = fread(buffer, 1, sizeof buffer, file)) text.append(buffer, n);
  fclose(file);
  return text;
}

TEST(LoggingTest, LogfmtQuotesAndEscapesTheMessage) {
  const auto text = CaptureStderr([] {
    SetupLogging("info", "logfmt");
    spdlog::info("broker \"2\" down\nretrying");
    spdlog::debug("hidden at info");
  });
  EXPECT_TRUE(std::regex_match(
      text, std::regex(R"(ts=\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z level=info )"
                       R"(msg="broker \\"2\\" down\\nretrying"\n)")))
      << text;
}

TEST(LoggingTest, JsonLinesAreValidJsonObjects) {
  const auto text = CaptureStderr([] {
    SetupLogging("debug", "json");
    spdlog::debug("tab\there \"quoted\"");
  });
  EXPECT_TRUE(std::regex_match(
      text, std::regex(R"(\{"ts":"[^"]+","level":"debug","msg":"tab\\u0009here \\"quoted\\""\}\n)")))
      << text;
}

TEST(LoggingTest, UnknownLevelOrFormatIsAConfigErrorNamingTheFlag) {
  EXPECT_THROW(
      {
        try {
          SetupLogging("verbose", "logfmt");
        } catch (const ConfigError& e) {
          EXPECT_NE(std::string(e.what()).find("--log.level"), std::string::npos);
          throw;
        }
      },
      ConfigError);
  EXPECT_THROW(SetupLogging("info", "xml"), ConfigError);
}

}  // namespace
}  // namespace exporter_kit
