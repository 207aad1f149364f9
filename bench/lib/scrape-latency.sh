# Sourced by the benchmarks: scrape latency of an exporter's /metrics.
#
#   scrape_latency <url> <count> [curl options...]
# prints "p50 X ms, p99 Y ms over N scrapes" for `count` sequential scrapes.
# Pass -H "Accept-Encoding: gzip" to ask for gzip as Prometheus does (curl
# then times the transfer, not its own decompression).
scrape_latency() {
  local url=$1 count=$2
  shift 2
  local i
  for ((i = 0; i < count; i++)); do
    curl -sf --max-time 10 -o /dev/null -w '%{time_total}\n' "$@" "$url"
  done | sort -g | awk -v n="$count" '
    { t[NR] = $1 }
    function at(p,  i) { i = int((NR * p + 99) / 100); if (i < 1) i = 1; return t[i] * 1000 }
    END { printf "p50 %.1f ms, p99 %.1f ms over %d scrapes\n", at(50), at(99), NR }'
}
