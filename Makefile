# mcp-warden — the two commands: `make demo` and `make test`. Both install what is missing first.
SHELL := /bin/bash
.DEFAULT_GOAL := help

APT_PACKAGES := libcurl4-openssl-dev libssl-dev pkg-config openssl ca-certificates libsecret-1-0 gnome-keyring dbus-daemon libsecret-tools
VENV := .venv
PY := $(VENV)/bin/python
SWIFT_FLAGS := -c release
BIN := .build/release/mcp-warden

.PHONY: help setup deps venv build demo test unit integration bench clean

help:
	@echo "make demo   install what is missing, build, run a scripted editor session against a local reference server"
	@echo "make test   install what is missing, build, run the unit and integration tests"
	@echo "make build  build the release binary ($(BIN))"

setup: deps venv

deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

$(VENV)/.installed: Integration/requirements.txt
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -r Integration/requirements.txt
	touch $@

venv: $(VENV)/.installed

build: deps
	swift build $(SWIFT_FLAGS) --product mcp-warden

unit: deps
	swift test

integration: setup build
	swift build $(SWIFT_FLAGS) --product vault-stress
	MCP_WARDEN_BIN=$(abspath $(BIN)) $(PY) -m pytest -q Integration/tests

test: setup build
	swift build $(SWIFT_FLAGS) --product vault-stress
	Endpoints/derive-pins.sh > /dev/null
	swift test
	MCP_WARDEN_BIN=$(abspath $(BIN)) $(PY) -m pytest -q Integration/tests

demo: setup build
	MCP_WARDEN_BIN=$(abspath $(BIN)) $(PY) Integration/demo.py

clean:
	rm -rf .build .build-* Integration/.state
