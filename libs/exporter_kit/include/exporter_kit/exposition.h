#pragma once
// A fast writer for the Prometheus text exposition format.
//
// Collectors describe their results through MetricWriter instead of
// prometheus-cpp's MetricFamily structs: on a 20,000-partition cluster the
// text is built once per collection cycle, so a scrape only concatenates
// ready-made strings. Past a size (hundreds of thousands of series), the
// families compress their samples as they are written, so that the text is
// never held whole.
#include <cstdint>
#include <initializer_list>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace exporter_kit {

class BodyPart;
namespace gzip {
class DeflateStream;
struct Piece;
}

enum class MetricType { kGauge, kCounter, kHistogram, kUntyped };

/// A label pair. Views must stay valid only for the duration of the call.
using Label = std::pair<std::string_view, std::string_view>;

/// Plain text the families of one MetricWriter hold between them.
struct PlainTextBudget {
  std::size_t limit;
  std::size_t held = 0;
};

/// \brief One metric family being written: HELP and TYPE once, then samples.
class FamilyWriter {
 public:
  /// With a `budget`, the family compresses its samples as they come once
  /// the budget is spent (it must outlive the family).
  FamilyWriter(std::string name, std::string help, MetricType type,
               PlainTextBudget* budget = nullptr);
  ~FamilyWriter();

  /// Appends one sample. NaN and infinities are written as Prometheus spells
  /// them; collectors in this suite should not emit them (see the READMEs).
  void Add(std::initializer_list<Label> labels, double value);
  void Add(std::span<const Label> labels, double value);

  /// Appends a histogram: `upper_bounds` and cumulative `bucket_counts` have
  /// the same length (the +Inf bucket is added from `count`).
  void AddHistogram(std::span<const Label> labels,
                    std::span<const double> upper_bounds,
                    std::span<const std::uint64_t> bucket_counts,
                    std::uint64_t count, double sum);

  const std::string& name() const { return name_; }
  std::size_t samples() const { return samples_; }
  /// Whether part of the text is held compressed only.
  bool compressed() const { return stream_ != nullptr; }
  /// Appends "# HELP", "# TYPE" and the samples; nothing if there are none.
  void AppendTo(std::string& out) const;

  /// The family's text as a gzip piece (DEFLATE blocks ending on a byte
  /// boundary, CRC-32, length). Ends the family: write nothing after.
  gzip::Piece TakeCompressed();

 private:
  void AppendSample(std::string_view suffix, std::span<const Label> labels,
                    const Label* extra, double value);
  void Account();
  std::string name_;
  std::string help_;
  MetricType type_;
  PlainTextBudget* budget_;
  std::string text_;  ///< "# HELP", "# TYPE", samples not yet compressed
  std::size_t counted_ = 0;  ///< bytes of text_ charged to budget_
  std::unique_ptr<gzip::DeflateStream> stream_;  ///< samples compressed so far
  std::size_t samples_ = 0;
};

/// \brief The output of one collection: families in first-use order.
/// Asking twice for the same name returns the same family, so samples of one
/// family stay together even when a collector interleaves them.
class MetricWriter {
 public:
  /// Families hold up to about `plain_limit` bytes of text between them,
  /// then compress as they go (collector outputs are far below the default
  /// except on the largest clusters).
  explicit MetricWriter(std::size_t plain_limit = kDefaultPlainLimit);
  static constexpr std::size_t kDefaultPlainLimit = 16 << 20;

  FamilyWriter& Family(std::string_view name, std::string_view help,
                       MetricType type = MetricType::kGauge);
  FamilyWriter& Gauge(std::string_view name, std::string_view help) {
    return Family(name, help, MetricType::kGauge);
  }
  FamilyWriter& Counter(std::string_view name, std::string_view help) {
    return Family(name, help, MetricType::kCounter);
  }
  /// Serialises every family with at least one sample.
  std::string Text() const;
  /// The output, compressed, ready to serve; kept as text too unless some
  /// family went over the limit. Ends the writer.
  BodyPart Finish();
  std::size_t Samples() const;
  bool Empty() const { return Samples() == 0; }

 private:
  std::unique_ptr<PlainTextBudget> budget_;  // stable across moves
  std::vector<std::unique_ptr<FamilyWriter>> families_;
  std::map<std::string, FamilyWriter*, std::less<>> by_name_;
};

/// Escapes a label value per the exposition format (\\, \", \n).
void AppendEscapedLabelValue(std::string& out, std::string_view value);
/// Formats a sample value ("1", "0.25", "NaN", "+Inf", "1.5e+09").
void AppendValue(std::string& out, double value);

}  // namespace exporter_kit
