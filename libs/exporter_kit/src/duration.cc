#include "exporter_kit/duration.h"

#include <array>
#include <cctype>
#include <limits>
#include <stdexcept>

namespace exporter_kit {
namespace {

struct Unit {
  std::string_view suffix;
  std::int64_t millis;
};

// Largest first: Prometheus requires units in this order, each at most once.
constexpr std::array<Unit, 8> kUnits{{{"y", 365LL * 24 * 3600 * 1000},
                                      {"w", 7LL * 24 * 3600 * 1000},
                                      {"d", 24LL * 3600 * 1000},
                                      {"h", 3600LL * 1000},
                                      {"m", 60LL * 1000},
                                      {"s", 1000},
                                      {"ms", 1},
                                      {"", 0}}};

std::invalid_argument Bad(std::string_view text, std::string_view why) {
  return std::invalid_argument("invalid duration \"" + std::string(text) +
                               "\": " + std::string(why));
}

}  // namespace

std::chrono::milliseconds ParseDuration(std::string_view text) {
  if (text.empty()) throw Bad(text, "empty");
  if (text == "0") return std::chrono::milliseconds(0);
  std::int64_t total = 0;
  std::size_t pos = 0;
  std::size_t next_unit = 0;  // index into kUnits of the smallest allowed next
  while (pos < text.size()) {
    std::size_t digits_end = pos;
    while (digits_end < text.size() &&
           std::isdigit(static_cast<unsigned char>(text[digits_end]))) {
      ++digits_end;
    }
    if (digits_end == pos) throw Bad(text, "expected a number");
    if (digits_end - pos > 12) throw Bad(text, "number too large");
    const std::int64_t number = std::stoll(std::string(text.substr(pos, digits_end - pos)));
    std::size_t unit_end = digits_end;
    while (unit_end < text.size() &&
           std::isalpha(static_cast<unsigned char>(text[unit_end]))) {
      ++unit_end;
    }
    const std::string_view suffix = text.substr(digits_end, unit_end - digits_end);
    if (suffix.empty()) throw Bad(text, "missing unit (ms, s, m, h, d, w, y)");
    std::size_t index = next_unit;
    while (index + 1 < kUnits.size() && kUnits[index].suffix != suffix) ++index;
    if (index + 1 == kUnits.size()) {
      bool known = false;
      for (const auto& unit : kUnits) known = known || (!unit.suffix.empty() && unit.suffix == suffix);
      throw Bad(text, known ? "units must go from largest to smallest, each once"
                            : "unknown unit \"" + std::string(suffix) + "\"");
    }
    const std::int64_t part = number * kUnits[index].millis;
    if (number != 0 && part / number != kUnits[index].millis) throw Bad(text, "too large");
    total += part;
    next_unit = index + 1;
    pos = unit_end;
  }
  return std::chrono::milliseconds(total);
}

std::string FormatDuration(std::chrono::milliseconds d) {
  std::int64_t left = d.count();
  if (left == 0) return "0s";
  std::string out;
  if (left < 0) {
    out = "-";
    left = -left;
  }
  for (const auto& unit : kUnits) {
    if (unit.millis == 0 || left < unit.millis) continue;
    out += std::to_string(left / unit.millis);
    out += unit.suffix;
    left %= unit.millis;
  }
  return out;
}

}  // namespace exporter_kit

#include <boost/program_options/errors.hpp>
#include <boost/program_options/value_semantic.hpp>

namespace exporter_kit {

std::ostream& operator<<(std::ostream& out, const Duration& d) {
  return out << FormatDuration(d.value);
}

void validate(boost::any& value, const std::vector<std::string>& texts,
              Duration* /*tag*/, int /*tag*/) {
  namespace po = boost::program_options;
  po::validators::check_first_occurrence(value);
  const std::string& text = po::validators::get_single_string(texts);
  try {
    value = Duration{ParseDuration(text)};
  } catch (const std::invalid_argument& e) {
    throw po::invalid_option_value(std::string(e.what()));
  }
}

}  // namespace exporter_kit
