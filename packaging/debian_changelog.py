#!/usr/bin/env python3
# SPDX-FileCopyrightText: 2026 The mcp-warden authors
# SPDX-License-Identifier: Apache-2.0
"""CHANGELOG.md as a Debian changelog (deb-changelog(5)), for the package's changelog.gz.

    packaging/debian_changelog.py --changelog CHANGELOG.md --version 0.1.0 \
        --maintainer 'Name <email>' > changelog

Every `## [X.Y.Z] - YYYY-MM-DD` section becomes an entry (newest first, as in the file) whose
items are the section's text paragraphs and `- ` items, Markdown marks removed and wrapped at 78
columns; the `### …` headings are dropped. The newest section must be `--version`: the package
cannot say it is a version that the changelog does not describe.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
import textwrap
from pathlib import Path

SECTION = re.compile(r"^## \[(?P<version>[^\]]+)\] - (?P<date>\d{4}-\d{2}-\d{2})\s*$")


def plain(text: str) -> str:
    text = re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", text)
    return text.replace("`", "").replace("**", "")


def sections(markdown: str) -> list[tuple[str, str, list[str]]]:
    """(version, date, items) per release section; an item is one paragraph or one `- ` entry."""
    found: list[tuple[str, str, list[str]]] = []
    current: list[str] | None = None
    for line in markdown.splitlines():
        match = SECTION.match(line)
        if match:
            current = []
            found.append((match["version"], match["date"], current))
            continue
        if current is None or line.startswith("#"):
            continue
        if not line.strip():
            if current and current[-1]:
                current.append("")  # a blank line ends a paragraph
            continue
        if line.startswith("- ") or not current or not current[-1]:
            current.append(line.removeprefix("- ").strip())
        else:
            current[-1] += " " + line.strip()
    return [(version, date, [plain(i) for i in items if i]) for version, date, items in found]


def entry(package: str, version: str, date: str, items: list[str], maintainer: str) -> str:
    lines = [f"{package} ({version}) unstable; urgency=medium", ""]
    for item in items:
        lines += textwrap.wrap(item, width=78, initial_indent="  * ", subsequent_indent="    ",
                               break_on_hyphens=False)
    when = dt.datetime.strptime(date, "%Y-%m-%d").replace(tzinfo=dt.timezone.utc)
    lines += ["", f" -- {maintainer}  {when.strftime('%a, %d %b %Y %H:%M:%S +0000')}", ""]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--changelog", type=Path, required=True)
    parser.add_argument("--version", required=True)
    parser.add_argument("--maintainer", required=True)
    parser.add_argument("--package", default="mcp-warden")
    args = parser.parse_args()
    found = sections(args.changelog.read_text(encoding="utf-8"))
    if not found:
        print(f"{args.changelog}: no '## [X.Y.Z] - YYYY-MM-DD' section", file=sys.stderr)
        return 1
    if found[0][0] != args.version:
        print(f"{args.changelog}: the newest section is {found[0][0]}, but the version is {args.version} "
              f"(Sources/mcp-warden/MCPWarden.swift): add a '## [{args.version}] - DATE' section", file=sys.stderr)
        return 1
    sys.stdout.write("\n".join(entry(args.package, v, d, items, args.maintainer) for v, d, items in found))
    return 0


if __name__ == "__main__":
    sys.exit(main())
