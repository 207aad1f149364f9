#!/usr/bin/env bash
# Installs the Debian 12 packages the suite builds and tests with, and nothing
# else; packages already present are skipped, so a second run installs nothing.
set -euo pipefail

BUILD_PACKAGES=(
  build-essential cmake ninja-build pkg-config git ccache
  librdkafka-dev prometheus-cpp-dev libcivetweb-dev libboost-program-options-dev
  libyaml-cpp-dev libspdlog-dev libfmt-dev libgtest-dev libgmock-dev
  nlohmann-json3-dev libcurl4-openssl-dev libssl-dev libcrypt-dev zlib1g-dev
)
# Real peers the tests and the demo run against.
TEST_PACKAGES=(
  prometheus prometheus-alertmanager docker-compose openssl curl
  openjdk-17-jre-headless python3 procps iproute2
)
# The fuzz targets and sanitizer builds use Debian's clang.
EXTRA_PACKAGES=(clang libclang-rt-14-dev)

missing=()
for pkg in "${BUILD_PACKAGES[@]}" "${TEST_PACKAGES[@]}" "${EXTRA_PACKAGES[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$pkg")
done

if ((${#missing[@]} == 0)); then
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
SUDO=()
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null || { echo "install-deps: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
  SUDO=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update -qq
# prometheus and alertmanager are used as plain binaries by the tests; keep
# their Debian services from starting on the host's default ports.
if [[ ! -e /usr/sbin/policy-rc.d ]]; then
  printf '#!/bin/sh\nexit 101\n' | "${SUDO[@]}" tee /usr/sbin/policy-rc.d >/dev/null
  "${SUDO[@]}" chmod +x /usr/sbin/policy-rc.d
  trap '"${SUDO[@]}" rm -f /usr/sbin/policy-rc.d' EXIT
fi
"${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
