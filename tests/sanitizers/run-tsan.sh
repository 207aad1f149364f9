#!/usr/bin/env bash
# Builds the tsan preset and runs the tests under ThreadSanitizer, with
# librdkafka's C11 threads and locks made visible to it (tsan_c11_threads.c)
# and the librdkafka suppressions (tsan.supp). Extra arguments go to ctest,
# e.g. `tests/sanitizers/run-tsan.sh -R Lag`.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${TSAN_BUILD_DIR:-$root/build/tsan}
cmake --preset tsan -B "$build" >/dev/null
cmake --build "$build" -j "$(nproc)"
# Without instrumentation: in a TSan program its pthread calls resolve to
# libtsan's interceptors; in any other program started by a test, to glibc.
cc -O1 -g -fPIC -shared -o "$build/libtsan_c11_threads.so" \
  "$root/tests/sanitizers/tsan_c11_threads.c" -lpthread
export LD_PRELOAD=$build/libtsan_c11_threads.so
export TSAN_OPTIONS="suppressions=$root/tests/sanitizers/tsan.supp ${TSAN_OPTIONS:-}"
ctest --test-dir "$build" -j "$(nproc)" --timeout 600 -LE e2e "$@"
