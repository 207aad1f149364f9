# Builds the whole suite on Debian 12 and ships it in a slim runtime image.
# Every binary is in /opt/kms/bin; pick one with the container's command.
FROM debian:12 AS build
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      build-essential cmake ninja-build pkg-config git ca-certificates \
      librdkafka-dev prometheus-cpp-dev libcivetweb-dev libboost-program-options-dev \
      libyaml-cpp-dev libspdlog-dev libfmt-dev nlohmann-json3-dev libcurl4-openssl-dev \
      libssl-dev libcrypt-dev zlib1g-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN cmake -S . -B /build -G Ninja -DCMAKE_BUILD_TYPE=Release -DKMS_BUILD_TESTS=OFF \
 && cmake --build /build \
 && cmake --install /build --prefix /opt/kms \
 # civetweb loads libcrypto by its development name; keep that name resolvable
 # next to the TLS fix without shipping the development package.
 && ln -s "$(readlink -f /usr/lib/*/libcrypto.so.3)" /opt/kms/lib/kafka-monitoring-suite/libcrypto.so

FROM debian:12-slim
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      librdkafka1 librdkafka++1 libprometheus-cpp-core1.0 libprometheus-cpp-pull1.0 \
      libcivetweb1 libboost-program-options1.74.0 libyaml-cpp0.7 libspdlog1.10 libfmt9 \
      libcurl4 libssl3 libcrypt1 zlib1g ca-certificates openssl \
 && rm -rf /var/lib/apt/lists/*
COPY --from=build /opt/kms /opt/kms
ENV PATH=/opt/kms/bin:$PATH \
    LD_LIBRARY_PATH=/opt/kms/lib/kafka-monitoring-suite
# Unprivileged by default; the disk and certificate sidecars only read.
USER 65534:65534
ENTRYPOINT []
CMD ["kafka-broker-exporter", "--help"]
