#!/usr/bin/env python3
# SPDX-FileCopyrightText: 2026 The mcp-warden authors
# SPDX-License-Identifier: Apache-2.0
"""The SPDX license header of every source file (REUSE style), added or checked.

    scripts/license_headers.py --apply             add the header to every source that lacks it
    scripts/license_headers.py --check             a header that is there must be the right one,
                                                   in the right place
    scripts/license_headers.py --check --require   ... and every source must have one

Sources are the files git tracks ending in .swift, .c, .h, .py or .sh (Tests/Fuzz/Corpus
excepted). The header is two comment lines, `SPDX-FileCopyrightText: 2026 The mcp-warden authors`
and `SPDX-License-Identifier: Apache-2.0`, then a blank line; it goes first, or right after a
`#!` line, a Python encoding line or the `// swift-tools-version` line that must stay first.

`make license-headers` runs --apply; `make lint` runs --check, with --require once
LICENSE_HEADERS=required is set in the Makefile (after the headers have been applied to the tree).
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path

COPYRIGHT = "SPDX-FileCopyrightText: 2026 The mcp-warden authors"
LICENSE = "SPDX-License-Identifier: Apache-2.0"
COMMENT = {".swift": "//", ".c": "//", ".h": "//", ".py": "#", ".sh": "#"}
EXCLUDED = ("Tests/Fuzz/Corpus/",)
# Lines that must stay above the header.
FIRST_LINES = re.compile(r"^(#!|// swift-tools-version|#.*coding[:=])")


def sources(repo: Path) -> list[Path]:
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=repo, capture_output=True, check=True).stdout
    names = [n for n in listed.decode().split("\0") if n]
    return [repo / n for n in sorted(names)
            if Path(n).suffix in COMMENT and not n.startswith(EXCLUDED) and (repo / n).is_file()]


def header(path: Path) -> list[str]:
    mark = COMMENT[path.suffix]
    return [f"{mark} {COPYRIGHT}", f"{mark} {LICENSE}"]


def split(lines: list[str]) -> tuple[list[str], list[str]]:
    """(the lines that stay first, the rest)."""
    keep = 0
    while keep < len(lines) and keep < 2 and FIRST_LINES.match(lines[keep]):
        keep += 1
    return lines[:keep], lines[keep:]


def problem(path: Path, text: str) -> str | None:
    """None when the header is right or absent; else what is wrong."""
    lines = text.splitlines()
    if not any("SPDX-License-Identifier" in line for line in lines[:8]):
        return None
    _, rest = split(lines)
    expected = header(path)
    if rest[:2] != expected:
        return f"the header must be {expected!r} (after a #! or swift-tools-version line)"
    return None


def apply(path: Path, text: str) -> str:
    first, rest = split(text.splitlines(keepends=True))
    newline = "\n"
    block = [line + newline for line in header(path)]
    if rest and rest[0].strip():
        block.append(newline)
    return "".join(first + block + rest)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--apply", action="store_true")
    mode.add_argument("--check", action="store_true")
    parser.add_argument("--require", action="store_true", help="with --check: a missing header is an error")
    parser.add_argument("--repo", type=Path, default=Path(__file__).resolve().parent.parent)
    args = parser.parse_args()
    errors: list[str] = []
    added = missing = 0
    for path in sources(args.repo):
        text = path.read_text(encoding="utf-8")
        name = path.relative_to(args.repo)
        wrong = problem(path, text)
        if wrong:
            errors.append(f"{name}: {wrong}")
        elif "SPDX-License-Identifier" not in "\n".join(text.splitlines()[:8]):
            if args.apply:
                path.write_text(apply(path, text), encoding="utf-8")
                added += 1
            else:
                missing += 1
                if args.require:
                    errors.append(f"{name}: no license header (make license-headers adds it)")
    for error in errors:
        print(f"license_headers: {error}", file=sys.stderr)
    if args.apply:
        print(f"license_headers: added the header to {added} file(s)")
    elif not args.require and missing:
        print(f"license_headers: {missing} source file(s) have no header yet (make license-headers)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
