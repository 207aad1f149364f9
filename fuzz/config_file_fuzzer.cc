#include <cstdint>
#include <string>

#include "config_file.h"
#include "exporter_kit/config.h"
#include "exporter_kit/duration.h"

namespace po = boost::program_options;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const po::options_description* known = [] {
    auto* options = new po::options_description;
    options->add_options()("web.listen-address", po::value<std::vector<std::string>>(), "")(
        "collect.interval", po::value<exporter_kit::Duration>(), "")(
        "log.level", po::value<std::string>(), "")("flag", po::bool_switch(), "");
    return options;
  }();
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    auto contents = exporter_kit::ParseConfigText(text, "fuzz.yml", *known, {"kafka"});
    po::variables_map vars;
    po::store(contents.options, vars);
  } catch (const exporter_kit::ConfigError&) {
  } catch (const po::error&) {
  }
  return 0;
}
