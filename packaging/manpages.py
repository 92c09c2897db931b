#!/usr/bin/env python3
# SPDX-FileCopyrightText: 2026 The mcp-warden authors
# SPDX-License-Identifier: Apache-2.0
"""Writes mcp-warden's manual pages (man(7) markup, section 1) from the command definitions.

    packaging/manpages.py --binary .build/release/mcp-warden --readme README.md --out DIR \
        --date YYYY-MM-DD [--doc /usr/share/doc/mcp-warden]

The commands, their options, defaults and help texts come from the binary itself
(`mcp-warden --experimental-dump-help`, swift-argument-parser's description of the command
tree), so the pages cannot drift from the code. The exit codes and the environment variables come
from README.md's tables ("### Exit codes" and "Environment variables mcp-warden reads:"), their
one written source; the files mcp-warden uses are listed below. A table that is missing or
malformed stops the generator: it never writes a page without them.

Pages: mcp-warden(1) (the default command's options included) and mcp-warden-COMMAND(1) for each
command; nested commands (endpoints add, …) are sections of their parent's page.

Why not swift-argument-parser's generate-manual plugin (1.8.2 is in the checkout): its EXIT
STATUS is the generic "0 on success, >0 on error" (.Ex -std), it has no ENVIRONMENT or FILES
section, and running it builds the argument parser's tool and a debug build of the whole
package (minutes) where this needs the release binary that `make deb` has already built.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

FILES = [
    ("$MCP_WARDEN_HOME/", "when set: the configuration and the vault (vault/, vault.key) in one directory"),
    ("$XDG_CONFIG_HOME/mcp-warden/ (~/.config/mcp-warden/)",
     "the configuration: endpoints.json (your endpoints), known-issuers.json (authorization servers recorded on "
     "first use), tls-inspection.json (endpoints started with --allow-tls-inspection), and vault.key when the key "
     "file is used; directory 0700, files 0600"),
    ("$XDG_STATE_HOME/mcp-warden/vault/ (~/.local/state/mcp-warden/vault/)",
     "the vault: one AES-256-GCM encrypted file per authorization (server, resource, authorization server)"),
    ("~/.mcp-auth/mcp-remote-*/", "mcp-remote's plaintext token cache, read by import mcp-remote"),
]
SKIPPED_COMMANDS = {"help"}  # swift-argument-parser's own
META = {"version", "help"}  # --version and --help: listed once, on mcp-warden(1)


# --------------------------------------------------------------------------- text to roff

def roff_text(text: str) -> str:
    """Plain text as roff text: backslashes and hyphens escaped, non-ASCII as \\[uXXXX]."""
    out = []
    for char in text.replace("\\", "\\e"):
        if char == "-":
            out.append("\\-")
        elif ord(char) > 127:
            out.append("\\[u%04X]" % ord(char))
        else:
            out.append(char)
    return "".join(out)


def inline(markdown: str) -> str:
    """A line of the README's Markdown as roff: `code` and **strong** bold, links as their text."""
    markdown = markdown.replace("⚠", "Warning:").replace("\\|", "|")
    markdown = re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", markdown)
    markdown = re.sub(r'see "([^"]+)"', r'see "\1" in README.md', markdown)
    parts = re.split(r"(`[^`]+`|\*\*[^*]+\*\*)", markdown)
    out = []
    for part in parts:
        if part.startswith("`") and part.endswith("`") and len(part) > 1:
            out.append("\\fB" + roff_text(part[1:-1]) + "\\fR")
        elif part.startswith("**") and part.endswith("**") and len(part) > 3:
            out.append("\\fB" + roff_text(part[2:-2]) + "\\fR")
        else:
            out.append(roff_text(part))
    return "".join(out)


def line(text: str) -> str:
    """A text line that roff will not take for a request."""
    return "\\&" + text if text.startswith((".", "'")) else text


def paragraphs(text: str) -> list[str]:
    lines: list[str] = []
    for paragraph in [p.strip() for p in text.split("\n\n") if p.strip()]:
        lines += [".PP", line(roff_text(" ".join(paragraph.split())))]
    return lines


# --------------------------------------------------------------------------- README tables

def readme_table(readme: str, marker: str) -> list[tuple[str, str]]:
    """The two-column Markdown table that follows the line starting with `marker`."""
    lines = readme.splitlines()
    start = next((i for i, text in enumerate(lines) if text.startswith(marker)), None)
    if start is None:
        raise SystemExit(f"manpages.py: README.md has no line starting with {marker!r}")
    rows = []
    for text in lines[start + 1:]:
        if not text.strip():
            if rows:
                break
            continue
        if not text.startswith("|"):
            break
        cells = [c.strip() for c in re.split(r"(?<!\\)\|", text.strip())[1:-1]]
        rows.append(cells)
    if len(rows) < 3 or len(rows[0]) != 2 or not set(rows[1][0]) <= {"-", ":"}:
        raise SystemExit(f"manpages.py: the table after {marker!r} in README.md is not a two-column table")
    return [(a, b) for a, b in rows[2:]]


# --------------------------------------------------------------------------- commands

def visible(arguments: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [a for a in arguments if a.get("shouldDisplay", True)]


def flag_names(argument: dict[str, Any]) -> str:
    names = []
    for name in argument.get("names", []):
        dashes = "--" if name["kind"] == "long" else "-"
        names.append("\\fB" + roff_text(dashes + name["name"]) + "\\fR")
    return ", ".join(names)


def value_name(argument: dict[str, Any]) -> str:
    return "\\fI" + roff_text(argument.get("valueName") or "value") + "\\fR"


def synopsis_item(argument: dict[str, Any]) -> str:
    if argument["kind"] == "positional":
        item = value_name(argument)
    else:
        name = argument.get("preferredName") or argument["names"][0]
        item = "\\fB" + roff_text(("--" if name["kind"] == "long" else "-") + name["name"]) + "\\fR"
        if argument["kind"] == "option":
            item += " " + value_name(argument)
    if argument.get("isRepeating"):
        item += " .\\|.\\|."
    return f"[{item}]" if argument.get("isOptional") else item


def synopsis(path: list[str], command: dict[str, Any], *, options_word: bool = True) -> list[str]:
    positional = [a for a in visible(command.get("arguments", [])) if a["kind"] == "positional"]
    items = [synopsis_item(a) for a in positional]
    if command.get("subcommands"):
        items.insert(0, "\\fIcommand\\fR")
    if options_word and any(a["kind"] != "positional" and a.get("valueName") not in META
                            for a in visible(command.get("arguments", []))):
        items.append("[\\fIoptions\\fR]")
    return [".HP", line("\\fB" + roff_text(" ".join(path)) + "\\fR " + " ".join(items))]


def describe_argument(argument: dict[str, Any]) -> list[str]:
    if argument["kind"] == "positional":
        head = value_name(argument)
    else:
        head = flag_names(argument) + (" " + value_name(argument) if argument["kind"] == "option" else "")
    text = roff_text(argument.get("abstract") or "")
    extras = []
    if argument.get("allValues") and "(default" not in (argument.get("abstract") or ""):
        extras.append("one of " + ", ".join(argument["allValues"]))
    if argument.get("isRepeating") and argument["kind"] != "positional" and "repeatable" not in text:
        extras.append("repeatable")
    if extras:
        text += " (" + roff_text("; ".join(extras)) + ")"
    lines = [".TP", line(head), line(text)]
    if argument.get("discussion"):
        lines += [".IP", line(roff_text(" ".join(argument["discussion"].split())))]
    return lines


def options(command: dict[str, Any], *, grouped: bool = True) -> list[str]:
    """OPTIONS: the positional arguments, then the options, grouped by their help section in
    subsections unless `grouped` is false (a nested command's section has no room for them)."""
    arguments = [a for a in visible(command.get("arguments", [])) if a.get("valueName") not in META]
    if not grouped:
        return [text for argument in arguments for text in describe_argument(argument)]
    groups: dict[str, list[dict[str, Any]]] = {}
    for argument in arguments:
        title = "Arguments" if argument["kind"] == "positional" else argument.get("sectionTitle") or "Options"
        groups.setdefault(title, []).append(argument)
    lines: list[str] = []
    for title in sorted(groups, key=lambda t: (t != "Arguments", t == "Options")):
        if len(groups) > 1:
            lines += [".SS " + roff_text(title)]
        for argument in groups[title]:
            lines += describe_argument(argument)
    return lines


def subcommands(command: dict[str, Any]) -> list[dict[str, Any]]:
    return [s for s in command.get("subcommands", []) if s["commandName"] not in SKIPPED_COMMANDS
            and s.get("shouldDisplay", True)]


def common_sections(exit_codes: list[tuple[str, str]], environment: list[tuple[str, str]],
                    see_also: list[str], doc: str) -> list[str]:
    lines = [".SH EXIT STATUS"]
    for code, meaning in exit_codes:
        lines += [".TP", line(inline(code)), line(inline(meaning))]
    lines += [".SH ENVIRONMENT"]
    for variable, meaning in environment:
        lines += [".TP", line(inline(variable)), line(inline(meaning))]
    lines += [".SH FILES"]
    for path, meaning in FILES + [(f"{doc}/README.md.gz", "the full documentation")]:
        lines += [".TP", line("\\fI" + roff_text(path) + "\\fR"), line(roff_text(meaning))]
    lines += [".SH SEE ALSO", line(",\n".join(f"\\fB{roff_text(p)}\\fR(1)" for p in see_also))]
    return lines


def page(title: str, date: str, version: str, name_line: str, body: list[str]) -> str:
    head = [
        f'.\\" Generated by packaging/manpages.py from `mcp-warden --experimental-dump-help` and README.md.',
        f'.TH {roff_text(title.upper())} 1 "{date}" "mcp-warden {version}" "User Commands"',
        ".SH NAME",
        line(name_line),
    ]
    return "\n".join(head + body) + "\n"


def write_pages(tool: dict[str, Any], version: str, readme: str, out: Path, date: str, doc: str) -> list[Path]:
    root = tool["command"]
    exit_codes = readme_table(readme, "### Exit codes")
    environment = readme_table(readme, "Environment variables mcp-warden reads:")
    commands = subcommands(root)
    default = next((c for c in commands if c["commandName"] == root.get("defaultSubcommand")), None)
    names = ["mcp-warden"] + [f"mcp-warden-{c['commandName']}" for c in commands]
    written = []

    body = [".SH SYNOPSIS"]
    if default is not None:
        body += synopsis(["mcp-warden", f"[{default['commandName']}]"], default)
    body += [".HP", "\\fBmcp\\-warden\\fR \\fIcommand\\fR [\\fIoptions\\fR]",
             ".HP", "\\fBmcp\\-warden\\fR \\fB\\-\\-version\\fR | \\fB\\-\\-help\\fR"]
    body += [".SH DESCRIPTION"] + paragraphs(root.get("discussion", ""))
    body += [".SH COMMANDS"]
    for command in commands:
        label = command["commandName"] + (" (the default)" if command is default else "")
        body += [".TP", f"\\fB{roff_text(label)}\\fR", line(roff_text(command.get("abstract", ""))
                                                             + f" See \\fBmcp\\-warden\\-{roff_text(command['commandName'])}\\fR(1).")]
    if default is not None:
        body += [".SH OPTIONS", ".PP", f"Of \\fB{roff_text(default['commandName'])}\\fR, the default command:"]
        body += options(default)
    body += [".SS Information", ".TP", "\\fB\\-\\-version\\fR", "Show the version.",
             ".TP", "\\fB\\-h\\fR, \\fB\\-\\-help\\fR", "Show help information (also after a command)."]
    body += common_sections(exit_codes, environment, names[1:], doc)
    written.append(emit(out, "mcp-warden", page("mcp-warden", date, version,
                                                f"mcp\\-warden \\- {roff_text(lower_first(root.get('abstract', '')))}", body)))

    for command in commands:
        name = f"mcp-warden-{command['commandName']}"
        path = ["mcp-warden", command["commandName"]]
        body = [".SH SYNOPSIS"]
        children = subcommands(command)
        for child in children:
            body += synopsis(path + [child["commandName"]], child)
        if not children:
            body += synopsis(path, command)
        body += [".SH DESCRIPTION"] + paragraphs(command.get("abstract", "")) + paragraphs(command.get("discussion", ""))
        if command is default:
            body += [".PP", "This is the default command: \\fBmcp\\-warden\\fR \\fIURL\\fR runs it."]
        if children:
            body += [".SH COMMANDS"]
            for child in children:
                body += [".SS " + roff_text(" ".join(path[1:] + [child["commandName"]]))]
                body += paragraphs(child.get("abstract", "")) + paragraphs(child.get("discussion", ""))
                body += options(child, grouped=False)
        else:
            body += [".SH OPTIONS"] + options(command)
        body += common_sections(exit_codes, environment, [n for n in names if n != name], doc)
        abstract = lower_first(command.get("abstract", ""))
        written.append(emit(out, name, page(name, date, version, f"{roff_text(name)} \\- {roff_text(abstract)}", body)))
    return written


def lower_first(text: str) -> str:
    text = text.strip().rstrip(".")
    return text[:1].lower() + text[1:]


def emit(out: Path, name: str, text: str) -> Path:
    path = out / f"{name}.1"
    path.write_text(text, encoding="utf-8")
    return path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--binary", required=True, help="the mcp-warden binary to describe")
    parser.add_argument("--readme", required=True, type=Path)
    parser.add_argument("--out", required=True, type=Path)
    parser.add_argument("--date", required=True, help="the pages' date, YYYY-MM-DD")
    parser.add_argument("--doc", default="/usr/share/doc/mcp-warden", help="where the README is installed")
    args = parser.parse_args()
    dump = subprocess.run([args.binary, "--experimental-dump-help"], capture_output=True, text=True, check=True)
    version = subprocess.run([args.binary, "--version"], capture_output=True, text=True,
                                        check=True).stdout.strip()
    args.out.mkdir(parents=True, exist_ok=True)
    for path in write_pages(json.loads(dump.stdout), version, args.readme.read_text(encoding="utf-8"), args.out, args.date,
                            args.doc):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
