#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The mcp-warden authors
# SPDX-License-Identifier: Apache-2.0
# `make deb-check`: the Debian package, installed, works — on this machine and on a clean one.
#
#   packaging/deb-check.sh dist/mcp-warden_VERSION_ARCH.deb
#
# 1. This machine: dpkg -i; /usr/bin/mcp-warden --version, --help, status; man mcp-warden and every
#    page through man -l with warnings on; the bash, zsh and fish completions (bash loads its own);
#    the demo session (Integration/demo.py: OAuth, tools, progress, 1 MB, shutdown) and the
#    real-browser test with MCP_WARDEN_BIN=/usr/bin/mcp-warden; dpkg -r, after which no file of the
#    package may be left. Refused when mcp-warden is installed already (it would be replaced and
#    removed); the package is removed on any failure too.
# 2. A clean machine: a minimal Debian root made by debootstrap from DEBIAN_MIRROR (bookworm, no
#    recommended packages), into which apt-get installs the .deb, so its Depends must be complete;
#    the same commands run inside it with chroot, and the demo's editor and reference server (on
#    this machine) talk to the mcp-warden of that root. The root shares /tmp with this machine (the
#    demo's files) and the network; the demo's browser is relayed: mcp-warden in the root opens a
#    small script that hands the URL over a FIFO to Integration/browser.sh outside.
#
# Needs root (dpkg, debootstrap, chroot, mount), the repository's .venv (make setup), man-db and
# debootstrap: `make deb-check` installs them.
set -euo pipefail

deb=$(realpath "$1")
repo=$(cd "$(dirname "$0")/.." && pwd)
python="$repo/.venv/bin/python"
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
suite=${DEBIAN_SUITE:-bookworm}
version=$(dpkg-deb -f "$deb" Version)
started=$SECONDS

say() { printf '\n== %s (%ds)\n' "$*" "$((SECONDS - started))"; }
fail() { printf 'deb-check: FAILED: %s\n' "$*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || fail "run as root (dpkg -i, debootstrap and chroot need it)"
[ -x "$python" ] || fail "no $python: make setup first"
for tool in debootstrap man; do
    command -v "$tool" >/dev/null || fail "no $tool: make deb-check installs it (apt-get install debootstrap man-db)"
done

# The checks both phases make; $1 runs a command where the package is installed ("" or a chroot).
check_installed() {
    local run=("$@")
    [ "$("${run[@]}" mcp-warden --version)" = "$version" ] || fail "mcp-warden --version is not $version"
    # (Whole outputs first: with pipefail, grep -q quitting early would fail the writer's side.)
    local out
    out=$("${run[@]}" mcp-warden --help)
    grep -q 'USAGE: mcp-warden' <<<"$out" || fail "mcp-warden --help"
    local home
    home=$(mktemp -d /tmp/deb-check-home.XXXXXX)
    "${run[@]}" env MCP_WARDEN_HOME="$home" mcp-warden status > "$home.status" 2>&1 \
        || { cat "$home.status"; fail "mcp-warden status"; }
    rm -rf "$home" "$home.status"
    out=$("${run[@]}" env MANWIDTH=80 man -P cat mcp-warden)
    grep -q '^EXIT STATUS' <<<"$out" || fail "man mcp-warden"
    local page warnings
    for page in $("${run[@]}" sh -c 'ls /usr/share/man/man1/mcp-warden*.1.gz'); do
        warnings=$("${run[@]}" env MANWIDTH=80 man --warnings -E UTF-8 -l "$page" 2>&1 >/dev/null) || fail "man -l $page"
        [ -z "$warnings" ] || fail "man -l $page warns: $warnings"
    done
    out=$("${run[@]}" mcp-warden --generate-completion-script bash)
    bash -n <<<"$out" && grep -q 'complete -.*mcp-warden' <<<"$out" || fail "the bash completion"
    out=$("${run[@]}" mcp-warden --generate-completion-script zsh)
    grep -q '^#compdef mcp-warden' <<<"$out" || fail "the zsh completion"
    out=$("${run[@]}" mcp-warden --generate-completion-script fish)
    grep -q "^complete -c 'mcp-warden'" <<<"$out" || fail "the fish completion"
    echo "mcp-warden $version: --version, --help, status, man (every page, no warning), completions: ok"
}

# ----------------------------------------------------------------------------- 1. this machine

say "1. dpkg -i $(basename "$deb") on this machine"
if dpkg-query -W -f='${Status}' mcp-warden 2>/dev/null | grep -q 'ok installed'; then
    fail "mcp-warden is installed on this machine already; deb-check would replace and then remove it (dpkg -r mcp-warden first)"
fi
trap 'dpkg -r mcp-warden >/dev/null 2>&1 || true' EXIT
dpkg -i "$deb" >/dev/null
mapfile -t files < <(dpkg -L mcp-warden | while read -r f; do [ -f "$f" ] && echo "$f"; done)
check_installed
bash -c 'source /usr/share/bash-completion/completions/mcp-warden && complete -p mcp-warden' >/dev/null \
    || fail "the installed bash completion does not define a completion for mcp-warden"

say "the demo session with /usr/bin/mcp-warden"
MCP_WARDEN_BIN=/usr/bin/mcp-warden "$python" "$repo/Integration/demo.py"
say "the real-browser OAuth test with /usr/bin/mcp-warden"
(cd "$repo" && MCP_WARDEN_BIN=/usr/bin/mcp-warden "$python" -m pytest -q Integration/tests/test_real_browser.py)

say "dpkg -r mcp-warden"
dpkg -r mcp-warden >/dev/null
trap - EXIT
status=$(dpkg-query -W -f='${db:Status-Status}' mcp-warden 2>/dev/null || echo not-installed)
[ "$status" = not-installed ] || fail "after dpkg -r the package is '$status', not gone"
for f in "${files[@]}"; do [ ! -e "$f" ] || fail "dpkg -r left $f"; done
echo "removed: none of its ${#files[@]} files is left"

# ----------------------------------------------------------------------------- 2. a clean machine

say "2. a fresh $suite root: debootstrap --variant=minbase from $mirror"
root=$(mktemp -d /var/tmp/mcp-warden-root.XXXXXX)
mounted=()
cleanup() {
    local m
    for m in "${mounted[@]}"; do umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || true; done
    # /tmp and /dev of this machine are bound into the root: never delete it while anything is
    # still mounted below it.
    if awk -v root="$root/" 'index($2 "/", root) == 1 { found = 1 } END { exit !found }' /proc/mounts; then
        echo "deb-check: $root still has mounts below it; not deleted" >&2
        return
    fi
    rm -rf --one-file-system "$root"
}
trap cleanup EXIT
debootstrap --variant=minbase "$suite" "$root" "$mirror" > "$root.debootstrap.log" 2>&1 \
    || { tail -20 "$root.debootstrap.log"; fail "debootstrap"; }
rm -f "$root.debootstrap.log"
cp /etc/resolv.conf "$root/etc/resolv.conf"
for m in dev proc tmp; do
    if [ "$m" = proc ]; then mount -t proc proc "$root/proc"; else mount --bind "/$m" "$root/$m"; fi
    mounted=("$root/$m" "${mounted[@]}")
done
in_root=(chroot "$root")

say "apt-get install the package and man-db in it, without recommended packages"
cp "$deb" "$root/root/"
"${in_root[@]}" apt-get -o APT::Sandbox::User=root update -qq
"${in_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    "/root/$(basename "$deb")" man-db > "$root/root/apt.log" 2>&1 || { tail -20 "$root/root/apt.log"; fail "apt-get install"; }
check_installed "${in_root[@]}"

say "the demo session with the root's /usr/bin/mcp-warden"
relay_dir=$(mktemp -d /tmp/deb-check-relay.XXXXXX)
cat > "$root/usr/local/bin/warden-browser-relay" <<'EOF'
#!/bin/sh
# $BROWSER inside the root: hands the URL to the waiting browser outside.
printf '%s\n' "$1" > "$WARDEN_RELAY_FIFO"
EOF
chmod 0755 "$root/usr/local/bin/warden-browser-relay"
cat > "$relay_dir/mcp-warden" <<EOF
#!/bin/bash
# MCP_WARDEN_BIN for the demo: the root's mcp-warden, with its browser relayed to \$BROWSER here.
fifo=\$(mktemp -u $relay_dir/fifo.XXXXXX)
mkfifo -m 0600 "\$fifo"
browser=\${BROWSER%%:*}
if [ -n "\$browser" ]; then
    # Until mcp-warden (this PID, after exec) ends: a URL from the relay opens the browser here.
    (exec 3<>"\$fifo"; while kill -0 \$\$ 2>/dev/null; do
        if read -t 1 -r url <&3; then "\$browser" "\$url"; fi
    done; rm -f "\$fifo") </dev/null >/dev/null 2>&1 &
fi
export BROWSER=/usr/local/bin/warden-browser-relay WARDEN_RELAY_FIFO="\$fifo"
exec chroot "$root" /usr/bin/mcp-warden "\$@"
EOF
chmod 0755 "$relay_dir/mcp-warden"
MCP_WARDEN_BIN="$relay_dir/mcp-warden" "$python" "$repo/Integration/demo.py"
sleep 1.5  # the relays end within a second of their mcp-warden
rm -rf "$relay_dir"

say "deb-check passed"
