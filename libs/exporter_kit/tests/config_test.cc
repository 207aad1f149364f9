// Config precedence and bad configuration, through the real binary's
// --check-config, plus the secret and regex helpers.
#include "exporter_kit/config.h"

#include <gtest/gtest.h>

#include <cstdlib>

#include "command_line_secrets.h"
#include "test_support/test_support.h"

namespace exporter_kit {
namespace {
using test_support::CommandResult;
using test_support::TempDir;

CommandResult Check(std::vector<std::string> flags) {
  std::vector<std::string> argv{test_support::FindBinary("kit-example-exporter").string(),
                                "--check-config"};
  argv.insert(argv.end(), flags.begin(), flags.end());
  return test_support::RunCommand(argv);
}

TEST(ConfigTest, FlagsOverrideTheFileAndBothKeyStylesWork) {
  TempDir dir;
  const auto nested = dir.Write("nested.yml", "example:\n  name: fromfile\ncollect:\n  interval: 2m\n");
  const auto flat = dir.Write("flat.yml", "example.name: flat\nweb.listen-address: [127.0.0.1:0]\n");

  auto from_file = Check({"--config.file=" + nested.string()});
  EXPECT_EQ(from_file.exit_code, 0) << from_file.output;
  EXPECT_NE(from_file.output.find("example.name: fromfile"), std::string::npos) << from_file.output;
  EXPECT_NE(from_file.output.find("collect.interval: 2m"), std::string::npos) << from_file.output;

  auto overridden = Check({"--config.file=" + nested.string(), "--example.name=fromflag"});
  EXPECT_EQ(overridden.exit_code, 0) << overridden.output;
  EXPECT_NE(overridden.output.find("example.name: fromflag"), std::string::npos);
  EXPECT_EQ(overridden.output.find("fromfile"), std::string::npos);

  auto flat_result = Check({"--config.file=" + flat.string()});
  EXPECT_EQ(flat_result.exit_code, 0) << flat_result.output;
  EXPECT_NE(flat_result.output.find("example.name: flat"), std::string::npos);
}

TEST(ConfigTest, BadConfigExitsTwoNamingTheKey) {
  TempDir dir;
  struct Case {
    std::string file;
    std::string flag;
    std::string expected;  // the key or problem the message must name
  };
  const std::vector<Case> cases{
      {"example:\n  nmae: typo\n", "", "example.nmae"},
      {"collect.interval: fortnight\n", "", "collect.interval"},
      {"example.name: [a, b]\n", "", "example.name"},
      {"example: {name: x\n", "", "invalid YAML at line"},
      {"- just\n- a list\n", "", "top level must be a map"},
      {"", "--collect.interval=10x", "collect.interval"},
      {"", "--no-such-flag", "no-such-flag"},
      {"", "--log.level=loud", "--log.level"},
      {"", "--web.listen-address=nowhere", "--web.listen-address"},
      {"", "--example.name=", "--example.name"},
      {"", "--config.file=/does/not/exist.yml", "/does/not/exist.yml"},
      {"", "--web.config.file=/does/not/exist.yml", "--web.config.file"},
      {"", "--collect.timeout=0s", "--collect.timeout"},
  };
  for (const auto& c : cases) {
    std::vector<std::string> flags;
    if (!c.file.empty()) flags.push_back("--config.file=" + dir.Write("c.yml", c.file).string());
    if (!c.flag.empty()) flags.push_back(c.flag);
    auto result = Check(flags);
    EXPECT_EQ(result.exit_code, 2) << c.file << c.flag << "\n" << result.output;
    EXPECT_NE(result.output.find(c.expected), std::string::npos)
        << "message should name " << c.expected << ":\n" << result.output;
  }
}

TEST(ConfigTest, CheckConfigNeverPrintsSecrets) {
  TempDir dir;
  const auto file = dir.Write("c.yml",
                              "kafka:\n  bootstrap.servers: b:9092\n  sasl.password: hunter2\n");
  auto result = Check({"--config.file=" + file.string(), "--example.secret=s3cr3t"});
  EXPECT_EQ(result.exit_code, 0) << result.output;
  EXPECT_EQ(result.output.find("hunter2"), std::string::npos) << result.output;
  EXPECT_EQ(result.output.find("s3cr3t"), std::string::npos) << result.output;
  EXPECT_NE(result.output.find("bootstrap.servers: b:9092"), std::string::npos) << result.output;
  EXPECT_NE(result.output.find("<secret>"), std::string::npos);
}

TEST(ConfigTest, WarnsOfSecretsGivenLiterallyOnTheCommandLine) {
  const std::string warning = "--example.secret is given literally on the command line";
  auto literal = Check({"--example.secret", "s3cr3t"});
  EXPECT_EQ(literal.exit_code, 0) << literal.output;
  EXPECT_NE(literal.output.find(warning), std::string::npos) << literal.output;
  EXPECT_EQ(literal.output.find("s3cr3t"), std::string::npos) << literal.output;

  TempDir dir;
  const auto secret = dir.Write("secret", "s3cr3t\n");
  const auto file = dir.Write("c.yml", "example.secret: s3cr3t\n");
  for (const auto& flag : {"--example.secret=file:" + secret.string(),
                           "--config.file=" + file.string()}) {
    auto result = Check({flag});
    EXPECT_EQ(result.exit_code, 0) << result.output;
    EXPECT_EQ(result.output.find(warning), std::string::npos) << flag << "\n" << result.output;
  }
}

TEST(LiteralSecretsOnCommandLineTest, NamesEachLiteralSecretFlagOnce) {
  namespace po = boost::program_options;
  po::options_description flags;
  flags.add_options()("password", po::value<std::vector<std::string>>())(
      "token", po::value<std::string>())("name", po::value<std::string>());
  const char* argv[] = {"x", "--password=a", "--name=n", "--password", "env:P",
                        "--token=file:/t", "--password=b"};
  const auto parsed = po::command_line_parser(7, argv).options(flags).run();
  EXPECT_EQ(LiteralSecretsOnCommandLine(parsed.options, {"password", "token"}),
            std::vector<std::string>{"password"});
  EXPECT_TRUE(LiteralSecretsOnCommandLine(parsed.options, {"token", "name2"}).empty());
}

TEST(ResolveSecretTest, ReadsFilesAndEnvironmentAndNeverEchoesTheSecret) {
  TempDir dir;
  const auto file = dir.Write("password", "p4ss\n");
  EXPECT_EQ(ResolveSecret("file:" + file.string(), "--kafka.sasl.password"), "p4ss");
  setenv("KMS_TEST_SECRET", "from-env", 1);
  EXPECT_EQ(ResolveSecret("env:KMS_TEST_SECRET", "--x"), "from-env");
  EXPECT_EQ(ResolveSecret("literal", "--x"), "literal");
  try {
    ResolveSecret("env:KMS_TEST_UNSET_VARIABLE", "--kafka.sasl.password");
    ADD_FAILURE();
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("--kafka.sasl.password"), std::string::npos);
  }
  EXPECT_THROW(ResolveSecret("file:/nonexistent/secret", "--x"), ConfigError);
}

TEST(ValidateRegexTest, NamesTheFlagOnBadSyntax) {
  EXPECT_NO_THROW(ValidateRegex("^orders-.*$", "--topic.filter"));
  try {
    ValidateRegex("orders-(", "--topic.filter");
    ADD_FAILURE();
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("--topic.filter"), std::string::npos);
  }
}

}  // namespace
}  // namespace exporter_kit
