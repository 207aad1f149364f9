# The README's two commands. Both install what is missing, then build.
#   make test   build and run every test (unit, integration, lint, e2e)
#   make demo   run the whole pipeline on loopback on an embedded scenario
BUILD_DIR ?= build/dev
PRESET ?= dev
JOBS ?= $(shell nproc)
# ccache hits across clones: hash paths relative to the checkout.
export CCACHE_BASEDIR := $(CURDIR)
export CCACHE_NOHASHDIR := 1

.PHONY: all deps build test demo bench clean unit integration fuzz

all: build

deps:
	@scripts/install-deps.sh

$(BUILD_DIR)/build.ninja: | deps
	cmake --preset $(PRESET)

build: deps $(BUILD_DIR)/build.ninja
	cmake --build $(BUILD_DIR) -j $(JOBS)

test: build
	ctest --test-dir $(BUILD_DIR) --output-on-failure -j $(JOBS)

unit: build
	ctest --test-dir $(BUILD_DIR) --output-on-failure -j $(JOBS) -L unit

integration: build
	ctest --test-dir $(BUILD_DIR) --output-on-failure -j $(JOBS) -L integration

demo: build
	scripts/demo.sh $(BUILD_DIR)

# Benchmarks need an optimised build with the test helpers they reuse.
bench: deps
	cmake --preset release -DKMS_BUILD_TESTS=ON
	cmake --build build/release -j $(JOBS)
	bench/run-all.sh build/release

# Runs every libFuzzer target for FUZZ_SECONDS each (clang, ASan+UBSan).
FUZZ_SECONDS ?= 60
fuzz: deps
	cmake --preset fuzz
	cmake --build build/fuzz -j $(JOBS)
	scripts/run-fuzzers.sh build/fuzz $(FUZZ_SECONDS)

clean:
	rm -rf build
