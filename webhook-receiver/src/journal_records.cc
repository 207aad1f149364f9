#include "journal_records.h"

#include <charconv>

namespace webhook_receiver {
namespace {

bool ParseSeq(std::string_view text, std::uint64_t& out) {
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size();
}

}  // namespace

std::string NotificationRecord(std::uint64_t seq, std::string_view body) {
  std::string out = "n " + std::to_string(seq) + "\n";
  out += body;
  return out;
}

std::string DoneRecord(const std::vector<std::uint64_t>& seqs) {
  std::string out = "d ";
  for (std::size_t i = 0; i < seqs.size(); ++i) {
    if (i > 0) out += ',';
    out += std::to_string(seqs[i]);
  }
  return out;
}

std::string JsonRecord(char kind, const std::string& json) {
  std::string out{kind, ' ', '\n'};
  out += json;
  return out;
}

bool ParseRecord(std::string_view record, ParsedRecord& out) {
  if (record.size() < 2 || record[1] != ' ') return false;
  out.kind = record[0];
  std::string_view rest = record.substr(2);
  std::size_t newline = rest.find('\n');
  std::string_view header = rest.substr(0, newline);
  out.payload = newline == std::string_view::npos ? std::string_view() : rest.substr(newline + 1);
  switch (out.kind) {
    case 'n':
      return ParseSeq(header, out.seq);
    case 'd':
      while (!header.empty()) {
        std::size_t comma = header.find(',');
        std::uint64_t seq = 0;
        if (!ParseSeq(header.substr(0, comma), seq)) return false;
        out.seqs.push_back(seq);
        header = comma == std::string_view::npos ? std::string_view() : header.substr(comma + 1);
      }
      return true;
    case 'e':
    case 'b':
      return header.empty();
    default:
      return false;
  }
}

}  // namespace webhook_receiver
