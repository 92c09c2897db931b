#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The mcp-warden authors
# SPDX-License-Identifier: Apache-2.0

# Builds and runs the libFuzzer targets of Tests/Fuzz (see README.md there). Called by `make fuzz`,
# `make fuzz-smoke` and `make fuzz-corpus`; run from the repository root.
#
#   fuzz.sh build debug|release      the one sanitized binary, in .build-fuzz
#   fuzz.sh run CONFIG SECONDS [T…]  each target (all by default) in turn for SECONDS; fails on
#                                    any crash, leak, timeout or broken property
#   fuzz.sh corpus CONFIG SECONDS    seeds.py + SECONDS of fuzzing per target (0: none), minimized
#                                    (-set_cover_merge=1) into the committed Tests/Fuzz/Corpus
set -euo pipefail
cd "$(dirname "$0")/../.."

CORPUS=Tests/Fuzz/Corpus
WORK=Tests/Fuzz/Artifacts        # ignored: findings, the growing working corpus, logs
# Swift's own crash handler would run inside ASan's and report itself; libFuzzer prints the stack.
export SWIFT_BACKTRACE=enable=no

binary() { echo ".build-fuzz/$1/mcp-warden-fuzz"; }

build() {
    local config=$1
    local lib
    lib="$(dirname "$(readlink -f "$(command -v swiftc)")")/../lib"
    if ! compgen -G "$lib/clang/*/lib/linux/libclang_rt.fuzzer-*.a" >/dev/null && ! compgen -G "$lib/swift/clang/lib/linux/libclang_rt.fuzzer-*.a" >/dev/null; then
        echo "fuzz.sh: error: libFuzzer's runtime (libclang_rt.fuzzer) is not in this Swift toolchain" >&2
        echo "fuzz.sh: hint: install the swift.org toolchain for Linux, which ships it" >&2
        exit 1
    fi
    local flags=(-Xswiftc -sanitize=fuzzer,address)
    # The internal parsers are reached with @testable import, which release builds must allow.
    [ "$config" = release ] && flags+=(-Xswiftc -enable-testing)
    # The skimming scanner's agreement target (Harness/SkimTarget.swift) once the scanner exists.
    compgen -G "Sources/MCPFraming/JSONSkim*.swift" >/dev/null && flags+=(-Xswiftc -DMCP_WARDEN_SKIM)
    # gold warns once per ASan symbol it cannot export: noise, filtered.
    MCP_WARDEN_FUZZ=1 nice swift build -c "$config" --build-path .build-fuzz "${flags[@]}" --product mcp-warden-fuzz 2>&1 \
        | { grep -v "Cannot export local symbol" || true; }
}

targets() { "$(binary "$1")" --list | cut -f1; }

# run CONFIG SECONDS [TARGET…]: one target after the other (the machine is shared: no -jobs).
run() {
    local config=$1 seconds=$2; shift 2
    local list=("$@")
    [ ${#list[@]} -gt 0 ] || mapfile -t list < <(targets "$config")
    mkdir -p "$WORK"
    local failed=() total=0 started=$SECONDS
    printf '%-20s %12s %10s  %s\n' target executions exec/s result
    for target in "${list[@]}"; do
        mkdir -p "$WORK/corpus/$target" "$CORPUS/$target"
        local log="$WORK/$target.log" status=0
        # New inputs go to the first directory (the working corpus), never into the committed one.
        nice "$(binary "$config")" "$target" "$WORK/corpus/$target" "$CORPUS/$target" \
            -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
            -artifact_prefix="$WORK/$target-" >"$log" 2>&1 || status=$?
        local runs rate
        runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
        rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
        total=$((total + ${runs:-0}))
        if [ "$status" -eq 0 ]; then
            printf '%-20s %12s %10s  %s\n' "$target" "${runs:-?}" "${rate:-?}" ok
        else
            printf '%-20s %12s %10s  %s\n' "$target" "${runs:-?}" "${rate:-?}" "FAILED (exit $status, see $log)"
            grep -E "fuzz property broken|ERROR: |SUMMARY: |Test unit written" "$log" | head -5 | sed 's/^/    /'
            failed+=("$target")
        fi
    done
    echo "total: $total executions in $((SECONDS - started)) s, $(date -u +%Y-%m-%d)"
    # The plain closing line CI reads: one per target that held, one per target that did not.
    echo "fuzz: $((${#list[@]} - ${#failed[@]})) passed, ${#failed[@]} failed"
    if [ ${#failed[@]} -gt 0 ]; then
        echo "fuzz.sh: error: ${#failed[@]} target(s) failed: ${failed[*]}" >&2
        echo "fuzz.sh: hint: reproduce with $(binary "$config") TARGET $WORK/TARGET-crash-…; make it a unit test" >&2
        exit 1
    fi
}

# corpus CONFIG SECONDS: rebuild the committed corpus from the seeds and a fuzzing run.
corpus() {
    local config=$1 seconds=$2
    rm -rf "$WORK/seeds" && python3 Tests/Fuzz/seeds.py "$WORK/seeds"
    for target in $(targets "$config"); do
        mkdir -p "$WORK/seeds/$target" "$WORK/corpus/$target" "$CORPUS/$target"
        # SECONDS=0: merge what the working corpus already holds (e.g. after `make fuzz`), no fuzzing.
        [ "$seconds" -eq 0 ] || nice "$(binary "$config")" "$target" "$WORK/corpus/$target" "$WORK/seeds/$target" "$CORPUS/$target" \
            -max_total_time="$seconds" -timeout=10 -artifact_prefix="$WORK/$target-" >"$WORK/$target.log" 2>&1
        rm -rf "$WORK/merged" && mkdir -p "$WORK/merged"
        # A small set of inputs that together reach every edge any of them reaches (hit counts
        # ignored: the committed corpus is a seed; the working corpus keeps the rest).
        nice "$(binary "$config")" "$target" -set_cover_merge=1 -use_counters=0 "$WORK/merged" \
            "$WORK/seeds/$target" "$CORPUS/$target" "$WORK/corpus/$target" \
            >"$WORK/$target.merge.log" 2>&1
        rm -rf "${CORPUS:?}/$target" && mv "$WORK/merged" "$CORPUS/$target"
        echo "$target: $(ls "$CORPUS/$target" | wc -l) inputs, $(du -sk --apparent-size "$CORPUS/$target" | cut -f1) KiB"
    done
}

case "${1:-}" in
    build) build "${2:-release}" ;;
    run) shift; run "$@" ;;
    corpus) corpus "${2:-release}" "${3:-60}" ;;
    *) echo "usage: fuzz.sh build CONFIG | run CONFIG SECONDS [TARGET…] | corpus CONFIG SECONDS" >&2; exit 2 ;;
esac
