#include "server_properties.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "test_support/test_support.h"

namespace kafka_disk {
namespace {

using ::testing::ElementsAre;

TEST(ParseProperties, JavaPropertiesSyntax) {
  const auto props = ParseProperties(
      "# comment\n"
      "! also a comment\n"
      "broker.id=1\n"
      "  listeners : PLAINTEXT://:9092\n"
      "log.dirs /data/a,\\\n"
      "         /data/b\n"
      "key\\=with\\:escapes=tab\\there\n"
      "empty=\n"
      "windows=line\r\n"
      "broker.id=2\n");
  EXPECT_EQ(props.at("broker.id"), "2");
  EXPECT_EQ(props.at("listeners"), "PLAINTEXT://:9092");
  EXPECT_EQ(props.at("log.dirs"), "/data/a,/data/b");
  EXPECT_EQ(props.at("key=with:escapes"), "tab\there");
  EXPECT_EQ(props.at("empty"), "");
  EXPECT_EQ(props.at("windows"), "line");
}

TEST(LogDirsFromProperties, LogDirsWinsOverLogDir) {
  EXPECT_THAT(
      LogDirsFromProperties({{"log.dirs", " /a , /b,, "}, {"log.dir", "/c"}}),
      ElementsAre("/a", "/b"));
  EXPECT_THAT(LogDirsFromProperties({{"log.dir", "/c"}}), ElementsAre("/c"));
  // Kafka's own default when neither is set.
  EXPECT_THAT(LogDirsFromProperties({}), ElementsAre("/tmp/kafka-logs"));
}

TEST(LogDirsFromProperties, UnusableValuesAreNamed) {
  EXPECT_THROW(LogDirsFromProperties({{"log.dirs", " , "}}), PropertiesError);
  try {
    LogDirsFromProperties({{"log.dirs", "${file:/etc/k.properties:dirs}"}});
    FAIL() << "expected an error";
  } catch (const PropertiesError& e) {
    EXPECT_THAT(e.what(), ::testing::HasSubstr("log.dirs"));
  }
}

TEST(LogDirsFromPropertiesFile, ReadsAFileAndNamesItOnError) {
  test_support::TempDir dir;
  const auto path = dir.Write("server.properties", "log.dirs=/var/kafka/a\n");
  EXPECT_THAT(LogDirsFromPropertiesFile(path.string()),
              ElementsAre("/var/kafka/a"));
  try {
    LogDirsFromPropertiesFile((dir.path() / "missing").string());
    FAIL() << "expected an error";
  } catch (const PropertiesError& e) {
    EXPECT_THAT(e.what(), ::testing::HasSubstr("missing"));
  }
  EXPECT_THROW(LogDirsFromPropertiesFile(dir.path().string()), PropertiesError);
}

}  // namespace
}  // namespace kafka_disk
