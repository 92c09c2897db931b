# mcp-warden — the two commands: `make demo` and `make test`. Both install what is missing first.
SHELL := /bin/bash
.DEFAULT_GOAL := help

APT_PACKAGES := libcurl4-openssl-dev libssl-dev pkg-config openssl ca-certificates libsecret-1-0 gnome-keyring dbus-daemon libsecret-tools
BENCH_APT_PACKAGES := valgrind binutils
VENV := .venv
PY := $(VENV)/bin/python
PEER_VENV := .venv-peer
# fastmcp-remote (the second peer) needs mcp>=2.3, mcp-proxy needs mcp<2: each has its own venv.
PEER2_VENV := .venv-peer2
# Extra arguments for bench.py, e.g. BENCH_ARGS="--rounds 3" or BENCH_ARGS="--readme README.md".
BENCH_ARGS ?=
# The Swift runtime is linked in: the binary runs without a Swift toolchain, starts faster and
# maps less memory (make bench: peak RSS 24.2 -> 21.5 MB before the first request).
SWIFT_FLAGS := -c release --static-swift-stdlib
# Every build of `make build` and `make test` fails when a target imports a module it does not
# declare (the arrows of Package.swift are checked, not just hoped for). Warnings in our own
# targets are errors through Package.swift (treatAllWarnings).
IMPORT_CHECK := --explicit-target-dependency-import-check error
BIN := .build/release/mcp-warden

.PHONY: help setup deps venv build demo test unit integration bench bench-deps link-order clean fuzz fuzz-smoke fuzz-corpus format lint

help:
	@echo "make demo   install what is missing, build, run a scripted editor session against a local reference server"
	@echo "make test   install what is missing, build, run the unit and integration tests"
	@echo "make build  build the release binary ($(BIN))"
	@echo "make format apply swift-format (.swift-format); make lint checks it, and make test runs make lint"
	@echo "make bench  after the same set-up: mcp-warden against no bridge, mcp-proxy and fastmcp-remote, plus the per-message path (prints tables)"
	@echo "make fuzz   build the libFuzzer targets (ASan) and run each for FUZZ_SECONDS (default $(FUZZ_SECONDS)) from Tests/Fuzz/Corpus"

setup: deps venv

# Installs the Debian packages of $(1) that are missing.
define apt_install
@missing=""; for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
if [ -n "$$missing" ]; then \
  echo "installing Debian packages:$$missing"; \
  SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
fi
endef

deps:
	$(call apt_install,$(APT_PACKAGES))

$(VENV)/.installed: Integration/requirements.txt
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -r Integration/requirements.txt
	touch $@

venv: $(VENV)/.installed

build: deps
	swift build $(SWIFT_FLAGS) $(IMPORT_CHECK) --product mcp-warden

unit: deps
	swift test $(IMPORT_CHECK)

integration: setup build
	swift build $(SWIFT_FLAGS) $(IMPORT_CHECK) --product vault-stress
	MCP_WARDEN_BIN=$(abspath $(BIN)) $(PY) -m pytest -q Integration/tests

# swift-format (part of the Swift toolchain) with the tree's configuration, .swift-format.
FORMAT_PATHS := Package.swift Sources Tests Endpoints

format:
	swift-format format --in-place --recursive --parallel $(FORMAT_PATHS)

# Fails on any line swift-format would change: `make format` fixes it.
lint:
	swift-format lint --strict --recursive --parallel $(FORMAT_PATHS)

test: setup lint build
	swift build $(SWIFT_FLAGS) $(IMPORT_CHECK) --product vault-stress
	Endpoints/derive-pins.sh > /dev/null
	swift test $(IMPORT_CHECK)
	MCP_WARDEN_BIN=$(abspath $(BIN)) $(PY) -m pytest -q Integration/tests

$(PEER_VENV)/.installed: Integration/bench/peer-requirements.txt
	python3 -m venv $(PEER_VENV)
	$(PEER_VENV)/bin/pip install -q --disable-pip-version-check -r Integration/bench/peer-requirements.txt
	touch $@

$(PEER2_VENV)/.installed: Integration/bench/peer2-requirements.txt
	python3 -m venv $(PEER2_VENV)
	$(PEER2_VENV)/bin/pip install -q --disable-pip-version-check -r Integration/bench/peer2-requirements.txt
	touch $@

bench-deps:
	$(call apt_install,$(BENCH_APT_PACKAGES))

bench: setup build bench-deps $(PEER_VENV)/.installed $(PEER2_VENV)/.installed
	swift build $(SWIFT_FLAGS) --product message-bench
	$(PY) Integration/bench/bench.py --warden $(BIN) --proxy $(PEER_VENV)/bin/mcp-proxy \
	  --fastmcp-remote $(PEER2_VENV)/bin/fastmcp-remote \
	  --message-bench .build/release/message-bench $(BENCH_ARGS)

# Regenerates Sources/mcp-warden/link-order.txt, the function order of the release link (see
# Package.swift), from a session under callgrind, then relinks with it (the list is no input
# SwiftPM tracks: a changed list alone relinks nothing).
link-order: setup build bench-deps
	$(PY) Integration/bench/link_order.py --warden $(BIN)
	rm -f $(BIN)
	swift build $(SWIFT_FLAGS) --product mcp-warden

# libFuzzer targets for every parser of outside bytes (Tests/Fuzz/README.md). One sanitized binary
# in .build-fuzz; findings in Tests/Fuzz/Artifacts (ignored). Fails on any crash, leak, timeout or
# broken agreement. FUZZ_TARGETS="json sse" picks targets; FUZZ_CONFIG=debug builds faster.
FUZZ_SECONDS ?= 60
FUZZ_CONFIG ?= release
FUZZ_TARGETS ?=
# The CI smoke: a debug build (quicker to compile) and a few seconds per target.
FUZZ_SMOKE_SECONDS ?= 3

fuzz: deps
	Tests/Fuzz/fuzz.sh build $(FUZZ_CONFIG)
	Tests/Fuzz/fuzz.sh run $(FUZZ_CONFIG) $(FUZZ_SECONDS) $(FUZZ_TARGETS)

fuzz-smoke: deps
	Tests/Fuzz/fuzz.sh build debug
	Tests/Fuzz/fuzz.sh run debug $(FUZZ_SMOKE_SECONDS) $(FUZZ_TARGETS)

# Regenerates the committed corpus: Tests/Fuzz/seeds.py, FUZZ_SECONDS per target, then -merge=1.
fuzz-corpus: deps
	Tests/Fuzz/fuzz.sh build $(FUZZ_CONFIG)
	Tests/Fuzz/fuzz.sh corpus $(FUZZ_CONFIG) $(FUZZ_SECONDS)

demo: setup build
	MCP_WARDEN_BIN=$(abspath $(BIN)) $(PY) Integration/demo.py

clean:
	rm -rf .build .build-* Integration/.state Tests/Fuzz/Artifacts
