#include "cli_options.h"

#include <boost/program_options.hpp>
#include <sstream>

namespace mock_cluster {
namespace {

namespace po = boost::program_options;

po::options_description Describe(CliOptions& o) {
  po::options_description d(
      "Usage: kafka-mock-cluster [flags]\n"
      "Starts librdkafka's mock Kafka cluster on 127.0.0.1 from a scenario,\n"
      "prints 'READY <bootstrap>' and reads commands on stdin (see README)"
      ".\n\nFlags");
  d.add_options()("help,h", po::bool_switch(&o.help), "show this help")(
      "version", po::bool_switch(&o.version), "print version and exit")(
      "scenario", po::value<std::string>(),
      "scenario YAML file (default: a small built-in scenario)")(
      "brokers", po::value<int>(),
      "number of brokers, overriding the scenario (1-100)")(
      "scale.topics", po::value<int>(&o.scale.topics),
      "generate a scale scenario with this many topics instead")(
      "scale.partitions",
      po::value<int>(&o.scale.partitions)->default_value(10),
      "partitions per generated topic")(
      "scale.messages", po::value<int>(&o.scale.messages)->default_value(5),
      "records per generated partition")(
      "scale.groups", po::value<int>(&o.scale.groups)->default_value(0),
      "generated groups, each committing one whole topic")(
      "log.level", po::value<std::string>(&o.log_level)->default_value("info"),
      "debug, info, warn or error")(
      "log.format",
      po::value<std::string>(&o.log_format)->default_value("logfmt"),
      "logfmt or json");
  return d;
}

}  // namespace

CliOptions ParseCommandLine(int argc, const char* const argv[]) {
  CliOptions options;
  po::options_description description = Describe(options);
  po::variables_map vars;
  try {
    po::store(po::command_line_parser(argc, argv)
                  .options(description)
                  .style(po::command_line_style::unix_style ^
                         po::command_line_style::allow_guessing)
                  .run(),
              vars);
    po::notify(vars);
  } catch (const po::error& e) {
    throw UsageError(e.what());
  }
  if (vars.count("scenario")) {
    options.scenario_file = vars["scenario"].as<std::string>();
  }
  if (vars.count("brokers")) options.brokers = vars["brokers"].as<int>();
  const bool scale_flags = !vars["scale.partitions"].defaulted() ||
                           !vars["scale.messages"].defaulted() ||
                           !vars["scale.groups"].defaulted();
  if (scale_flags && !vars.count("scale.topics")) {
    throw UsageError("--scale.topics: required with the other --scale flags");
  }
  if (vars.count("scale.topics") && options.scenario_file) {
    throw UsageError("--scale.topics: cannot be combined with --scenario");
  }
  if (vars.count("scale.topics") && options.scale.topics < 1) {
    throw UsageError("--scale.topics: must be at least 1");
  }
  return options;
}

std::string HelpText() {
  CliOptions options;
  std::ostringstream text;
  text << Describe(options);
  return text.str();
}

}  // namespace mock_cluster
