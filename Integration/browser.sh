#!/bin/sh
# SPDX-FileCopyrightText: 2026 The mcp-warden authors
# SPDX-License-Identifier: Apache-2.0

# $BROWSER for the OAuth tests: runs browser.py (next to this file) with the repository's venv
# python, or python3 when there is no venv. One argument: the authorization URL.
here=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
python="$here/../.venv/bin/python"
[ -x "$python" ] || python=python3
exec "$python" "$here/browser.py" "$@"
