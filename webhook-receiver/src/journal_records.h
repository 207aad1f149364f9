#pragma once
// The journal's record kinds. A record is "<kind> <header>\n<payload>":
//   n <seq>\n<webhook body as received>   an acknowledged notification
//   d <seq>,<seq>,...                     notifications fully processed
//   e \n<episode JSON>                    an episode snapshot (last wins)
//   b \n<breaker JSON>                    the blast-radius breaker
// The body is stored as received (already validated), so intake never pays
// for re-serialising it.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace webhook_receiver {

struct ParsedRecord {
  char kind = '?';
  std::uint64_t seq = 0;            ///< for 'n'
  std::vector<std::uint64_t> seqs;  ///< for 'd'
  std::string_view payload;         ///< body or JSON
};

std::string NotificationRecord(std::uint64_t seq, std::string_view body);
std::string DoneRecord(const std::vector<std::uint64_t>& seqs);
std::string JsonRecord(char kind, const std::string& json);
/// Returns false on a record of unknown shape.
bool ParseRecord(std::string_view record, ParsedRecord& out);

}  // namespace webhook_receiver
