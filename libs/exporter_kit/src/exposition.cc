#include "exporter_kit/exposition.h"

#include <charconv>
#include <cmath>
#include <stdexcept>

namespace exporter_kit {
namespace {

std::string_view TypeName(MetricType type) {
  switch (type) {
    case MetricType::kGauge:
      return "gauge";
    case MetricType::kCounter:
      return "counter";
    case MetricType::kHistogram:
      return "histogram";
    case MetricType::kUntyped:
      return "untyped";
  }
  return "untyped";
}

void AppendEscapedHelp(std::string& out, std::string_view help) {
  for (char c : help) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
}

}  // namespace

void AppendEscapedLabelValue(std::string& out, std::string_view value) {
  for (char c : value) {
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case '"':
        out += "\\\"";
        break;
      case '\n':
        out += "\\n";
        break;
      default:
        out += c;
    }
  }
}

void AppendValue(std::string& out, double value) {
  if (std::isnan(value)) {
    out += "NaN";
    return;
  }
  if (std::isinf(value)) {
    out += value > 0 ? "+Inf" : "-Inf";
    return;
  }
  // Integers (offsets, byte counts) are the common case: print them exactly.
  if (value == std::trunc(value) && std::fabs(value) < 1e15) {
    char buffer[32];
    auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer,
                                   static_cast<long long>(value));
    out.append(buffer, end);
    return;
  }
  char buffer[32];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  out.append(buffer, end);
}

FamilyWriter::FamilyWriter(std::string name, std::string help, MetricType type)
    : name_(std::move(name)), help_(std::move(help)), type_(type) {}

void FamilyWriter::Add(std::initializer_list<Label> labels, double value) {
  Add(std::span<const Label>(labels.begin(), labels.size()), value);
}

void FamilyWriter::Add(std::span<const Label> labels, double value) {
  AppendSample("", labels, nullptr, value);
  ++samples_;
}

void FamilyWriter::AddHistogram(std::span<const Label> labels,
                                std::span<const double> upper_bounds,
                                std::span<const std::uint64_t> bucket_counts,
                                std::uint64_t count, double sum) {
  if (upper_bounds.size() != bucket_counts.size()) {
    throw std::invalid_argument("histogram " + name_ +
                                ": bounds and counts differ in length");
  }
  std::string bound;
  for (std::size_t i = 0; i < upper_bounds.size(); ++i) {
    bound.clear();
    AppendValue(bound, upper_bounds[i]);
    const Label le{"le", bound};
    AppendSample("_bucket", labels, &le, static_cast<double>(bucket_counts[i]));
  }
  const Label inf{"le", "+Inf"};
  AppendSample("_bucket", labels, &inf, static_cast<double>(count));
  AppendSample("_sum", labels, nullptr, sum);
  AppendSample("_count", labels, nullptr, static_cast<double>(count));
  ++samples_;
}

void FamilyWriter::AppendSample(std::string_view suffix,
                                std::span<const Label> labels,
                                const Label* extra, double value) {
  body_ += name_;
  body_ += suffix;
  if (!labels.empty() || extra != nullptr) {
    body_ += '{';
    bool first = true;
    auto append = [&](const Label& label) {
      if (!first) body_ += ',';
      first = false;
      body_ += label.first;
      body_ += "=\"";
      AppendEscapedLabelValue(body_, label.second);
      body_ += '"';
    };
    for (const auto& label : labels) append(label);
    if (extra != nullptr) append(*extra);
    body_ += '}';
  }
  body_ += ' ';
  AppendValue(body_, value);
  body_ += '\n';
}

void FamilyWriter::AppendTo(std::string& out) const {
  if (samples_ == 0) return;
  out += "# HELP ";
  out += name_;
  out += ' ';
  AppendEscapedHelp(out, help_);
  out += "\n# TYPE ";
  out += name_;
  out += ' ';
  out += TypeName(type_);
  out += '\n';
  out += body_;
}

FamilyWriter& MetricWriter::Family(std::string_view name, std::string_view help,
                                   MetricType type) {
  if (auto it = by_name_.find(name); it != by_name_.end()) return *it->second;
  families_.push_back(std::make_unique<FamilyWriter>(std::string(name),
                                                     std::string(help), type));
  FamilyWriter* family = families_.back().get();
  by_name_.emplace(std::string(name), family);
  return *family;
}

std::string MetricWriter::Text() const {
  std::string out;
  for (const auto& family : families_) family->AppendTo(out);
  return out;
}

std::size_t MetricWriter::Samples() const {
  std::size_t total = 0;
  for (const auto& family : families_) total += family->samples();
  return total;
}

}  // namespace exporter_kit
