#include "exporter_kit/exposition.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <stdexcept>
#include <utility>

#include "exporter_kit/body_part.h"
#include "gzip.h"

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

// Families report their growth to the writer's budget in steps this large.
constexpr std::size_t kBudgetStep = 64 * 1024;

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

FamilyWriter::FamilyWriter(std::string name, std::string help, MetricType type,
                           PlainTextBudget* budget)
    : name_(std::move(name)), help_(std::move(help)), type_(type), budget_(budget) {}

FamilyWriter::~FamilyWriter() = default;

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
  if (text_.empty() && !stream_) {  // the first sample brings the header
    text_ += "# HELP ";
    text_ += name_;
    text_ += ' ';
    AppendEscapedHelp(text_, help_);
    text_ += "\n# TYPE ";
    text_ += name_;
    text_ += ' ';
    text_ += TypeName(type_);
    text_ += '\n';
  }
  text_ += name_;
  text_ += suffix;
  if (!labels.empty() || extra != nullptr) {
    text_ += '{';
    bool first = true;
    auto append = [&](const Label& label) {
      if (!first) text_ += ',';
      first = false;
      text_ += label.first;
      text_ += "=\"";
      AppendEscapedLabelValue(text_, label.second);
      text_ += '"';
    };
    for (const auto& label : labels) append(label);
    if (extra != nullptr) append(*extra);
    text_ += '}';
  }
  text_ += ' ';
  AppendValue(text_, value);
  text_ += '\n';
  if (budget_ && text_.size() - counted_ >= kBudgetStep) Account();
}

void FamilyWriter::Account() {
  budget_->held += text_.size() - counted_;
  counted_ = text_.size();
  if (!stream_ && budget_->held <= budget_->limit) return;
  if (!stream_) stream_ = std::make_unique<gzip::DeflateStream>();
  stream_->Write(text_);
  budget_->held -= text_.size();
  counted_ = 0;
  // Keep a buffer for the next samples, but not one that grew to megabytes
  // before the budget ran out.
  if (text_.capacity() > 4 * kBudgetStep) {
    text_ = std::string();
    text_.reserve(2 * kBudgetStep);
  } else {
    text_.clear();
  }
}

void FamilyWriter::AppendTo(std::string& out) const {
  if (stream_) {
    stream_->Flush();
    gzip::Inflate(stream_->output(), [&out](std::string_view text) {
      out += text;
      return true;
    });
  }
  out += text_;
}

gzip::Piece FamilyWriter::TakeCompressed() {
  if (!stream_) return gzip::DeflatePiece(std::exchange(text_, std::string()));
  stream_->Write(text_);
  text_ = std::string();
  auto piece = stream_->TakePiece();
  stream_.reset();
  return piece;
}

MetricWriter::MetricWriter(std::size_t plain_limit)
    : budget_(std::make_unique<PlainTextBudget>(PlainTextBudget{plain_limit})) {}

FamilyWriter& MetricWriter::Family(std::string_view name, std::string_view help,
                                   MetricType type) {
  if (auto it = by_name_.find(name); it != by_name_.end()) return *it->second;
  families_.push_back(std::make_unique<FamilyWriter>(std::string(name),
                                                     std::string(help), type,
                                                     budget_.get()));
  FamilyWriter* family = families_.back().get();
  by_name_.emplace(std::string(name), family);
  return *family;
}

std::string MetricWriter::Text() const {
  std::string out;
  for (const auto& family : families_) family->AppendTo(out);
  return out;
}

BodyPart MetricWriter::Finish() {
  const bool any_compressed = std::any_of(
      families_.begin(), families_.end(), [](const auto& f) { return f->compressed(); });
  if (!any_compressed) return BodyPart(Text());
  std::vector<gzip::Piece> pieces;
  std::size_t deflated_size = 0;
  for (const auto& family : families_) {
    pieces.push_back(family->TakeCompressed());
    deflated_size += pieces.back().deflated.size();
  }
  std::string deflated;
  deflated.reserve(deflated_size);
  std::uint32_t crc = gzip::Crc32({});
  std::uint64_t size = 0;
  for (auto& piece : pieces) {
    deflated += piece.deflated;
    piece.deflated = std::string();
    crc = gzip::CombineCrc32(crc, piece.crc32, piece.size);
    size += piece.size;
  }
  return BodyPart::Compressed(std::move(deflated), crc, size);
}

std::size_t MetricWriter::Samples() const {
  std::size_t total = 0;
  for (const auto& family : families_) total += family->samples();
  return total;
}

}  // namespace exporter_kit
