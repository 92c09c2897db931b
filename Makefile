# mcp-warden — the two commands: `make demo` and `make test`. Both install what is missing first.
SHELL := /bin/bash
.DEFAULT_GOAL := help

APT_PACKAGES := libcurl4-openssl-dev libssl-dev pkg-config openssl ca-certificates libsecret-1-0 gnome-keyring dbus-daemon libsecret-tools
BENCH_APT_PACKAGES := valgrind binutils
# The real-browser OAuth test (Integration/tests/test_real_browser.py): Chromium, and certutil to
# make it trust the test CA.
TEST_APT_PACKAGES := chromium libnss3-tools
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
.PHONY: test-deps package-deps package-files install install-files uninstall deb deb-check license-headers

help:
	@echo "make demo   install what is missing, build, run a scripted editor session against a local reference server"
	@echo "make test   install what is missing, build, run the unit and integration tests"
	@echo "make build  build the release binary ($(BIN))"
	@echo "make format apply swift-format (.swift-format); make lint checks it, and make test runs make lint"
	@echo "make bench  after the same set-up: mcp-warden against no bridge, mcp-proxy and fastmcp-remote, plus the per-message path (prints tables)"
	@echo "make fuzz   build the libFuzzer targets (ASan) and run each for FUZZ_SECONDS (default $(FUZZ_SECONDS)) from Tests/Fuzz/Corpus"
	@echo "make deb    the Debian package $(DEB) (binary, man pages, completions, docs), checked with lintian"
	@echo "make deb-check  install the package here (then remove it) and into a fresh Debian root; run it in both"
	@echo "make install [PREFIX=/usr/local] [DESTDIR=]  the same files without a package; make uninstall removes them"

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

test-deps:
	$(call apt_install,$(TEST_APT_PACKAGES))

integration: setup test-deps build
	swift build $(SWIFT_FLAGS) $(IMPORT_CHECK) --product vault-stress
	MCP_WARDEN_BIN=$(abspath $(BIN)) $(PY) -m pytest -q Integration/tests

# swift-format (part of the Swift toolchain) with the tree's configuration, .swift-format.
FORMAT_PATHS := Package.swift Sources Tests Endpoints

format:
	swift-format format --in-place --recursive --parallel $(FORMAT_PATHS)

# SPDX license headers (scripts/license_headers.py): `make license-headers` adds them to every
# Swift, C, Python and shell source that lacks one. The tree has them, so `make lint` requires one
# in every source (LICENSE_HEADERS=optional checks only the headers that are there).
LICENSE_HEADERS ?= required

license-headers:
	python3 scripts/license_headers.py --apply

# Fails on any line swift-format would change: `make format` fixes it.
lint:
	swift-format lint --strict --recursive --parallel $(FORMAT_PATHS)
	python3 scripts/license_headers.py --check $(if $(filter required,$(LICENSE_HEADERS)),--require)

test: setup test-deps lint build
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
	rm -rf .build .build-* Integration/.state Tests/Fuzz/Artifacts dist

# ----------------------------------------------------------------------------- packaging
# The version has one place, MCPWarden.version in Sources/mcp-warden/MCPWarden.swift (what
# --version prints); CHANGELOG.md must have a section for it (make deb fails otherwise).
VERSION := $(shell sed -n 's/^ *static let version = "\([^"]*\)".*/\1/p' Sources/mcp-warden/MCPWarden.swift)
DEB_ARCH := $(shell dpkg --print-architecture 2>/dev/null || echo amd64)
DEB := dist/mcp-warden_$(VERSION)_$(DEB_ARCH).deb
DEB_MAINTAINER ?= mcp-warden maintainers <maintainers@users.noreply.r-seed-c660d6f6.example>
# dpkg-dev: dpkg-shlibdeps; chrpath: drops the $$ORIGIN run path swiftc writes; man-db: make deb-check.
DEB_APT_PACKAGES := dpkg-dev binutils chrpath lintian man-db
# A page's date is the last commit's: the same commit makes the same pages.
MAN_DATE := $(shell git log -1 --format=%cs 2>/dev/null || date -u +%F)
PACKAGE_FILES := .build-package/files
PREFIX ?= /usr/local
DESTDIR ?=
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
DOCDIR ?= $(PREFIX)/share/doc/mcp-warden
BASH_COMPLETION_DIR ?= $(PREFIX)/share/bash-completion/completions
ZSH_COMPLETION_DIR ?= $(PREFIX)/share/zsh/site-functions
FISH_COMPLETION_DIR ?= $(PREFIX)/share/fish/vendor_completions.d
MAN_PAGES = $(notdir $(wildcard $(PACKAGE_FILES)/man/*.1))

package-deps:
	$(call apt_install,$(DEB_APT_PACKAGES))

# What gets installed, made from the release binary: the binary stripped (as dh_strip does) and
# without its run path, the man pages (packaging/manpages.py) and ArgumentParser's completions.
package-files: build package-deps
	rm -rf $(PACKAGE_FILES) && mkdir -p $(PACKAGE_FILES)/man $(PACKAGE_FILES)/completions
	cp $(BIN) $(PACKAGE_FILES)/mcp-warden
	strip --strip-unneeded --remove-section=.comment --remove-section=.note $(PACKAGE_FILES)/mcp-warden
	chrpath -d $(PACKAGE_FILES)/mcp-warden >/dev/null
	test "$$($(PACKAGE_FILES)/mcp-warden --version)" = "$(VERSION)"
	python3 packaging/manpages.py --binary $(PACKAGE_FILES)/mcp-warden --readme README.md \
	  --out $(PACKAGE_FILES)/man --date $(MAN_DATE) --doc @DOCDIR@ >/dev/null
	$(PACKAGE_FILES)/mcp-warden --generate-completion-script bash | sed '1{/^#!/d}' > $(PACKAGE_FILES)/completions/mcp-warden
	$(PACKAGE_FILES)/mcp-warden --generate-completion-script zsh > $(PACKAGE_FILES)/completions/_mcp-warden
	$(PACKAGE_FILES)/mcp-warden --generate-completion-script fish > $(PACKAGE_FILES)/completions/mcp-warden.fish

# Copies what package-files made (the man pages get their DOCDIR); `install` makes it first, `deb`
# stages with it.
install-files:
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(DOCDIR) \
	  $(DESTDIR)$(BASH_COMPLETION_DIR) $(DESTDIR)$(ZSH_COMPLETION_DIR) $(DESTDIR)$(FISH_COMPLETION_DIR)
	install -m 0755 $(PACKAGE_FILES)/mcp-warden $(DESTDIR)$(BINDIR)/mcp-warden
	for page in $(MAN_PAGES); do sed 's|@DOCDIR@|$(DOCDIR)|g' $(PACKAGE_FILES)/man/$$page | gzip -9n > $(DESTDIR)$(MANDIR)/man1/$$page.gz; \
	  chmod 0644 $(DESTDIR)$(MANDIR)/man1/$$page.gz; done
	install -m 0644 $(PACKAGE_FILES)/completions/mcp-warden $(DESTDIR)$(BASH_COMPLETION_DIR)/mcp-warden
	install -m 0644 $(PACKAGE_FILES)/completions/_mcp-warden $(DESTDIR)$(ZSH_COMPLETION_DIR)/_mcp-warden
	install -m 0644 $(PACKAGE_FILES)/completions/mcp-warden.fish $(DESTDIR)$(FISH_COMPLETION_DIR)/mcp-warden.fish
	gzip -9n < README.md > $(DESTDIR)$(DOCDIR)/README.md.gz
	gzip -9n < CHANGELOG.md > $(DESTDIR)$(DOCDIR)/CHANGELOG.md.gz
	chmod 0644 $(DESTDIR)$(DOCDIR)/README.md.gz $(DESTDIR)$(DOCDIR)/CHANGELOG.md.gz
	install -m 0644 LICENSE NOTICE $(DESTDIR)$(DOCDIR)/

install: package-files
	$(MAKE) --no-print-directory install-files

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/mcp-warden $(DESTDIR)$(MANDIR)/man1/mcp-warden.1.gz $(DESTDIR)$(MANDIR)/man1/mcp-warden-*.1.gz \
	  $(DESTDIR)$(BASH_COMPLETION_DIR)/mcp-warden $(DESTDIR)$(ZSH_COMPLETION_DIR)/_mcp-warden \
	  $(DESTDIR)$(FISH_COMPLETION_DIR)/mcp-warden.fish
	rm -rf $(DESTDIR)$(DOCDIR)

# dist/mcp-warden_VERSION_ARCH.deb; lintian must report no error (warnings are printed).
deb: package-files
	rm -rf .build-package/deb
	$(MAKE) --no-print-directory install-files DESTDIR=$(abspath .build-package/deb/debian/mcp-warden) PREFIX=/usr \
	  ZSH_COMPLETION_DIR=/usr/share/zsh/vendor-completions
	packaging/deb.sh .build-package/deb "$(VERSION)" "$(DEB_ARCH)" "$(DEB_MAINTAINER)" $(DEB)
	lintian --fail-on error --info $(DEB)

# The package on this machine (dpkg -i, then -r: refused when mcp-warden is installed already) and
# in a fresh Debian root made by debootstrap from the mirror (packaging/deb-check.sh).
deb-check: setup deb
	$(call apt_install,debootstrap)
	packaging/deb-check.sh $(DEB)
