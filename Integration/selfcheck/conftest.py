# SPDX-FileCopyrightText: 2026 The mcp-warden authors
# SPDX-License-Identifier: Apache-2.0

"""Self-check of the harness: the SDK client talks straight to the reference server (no bridge)."""

from fixtures import *  # noqa: F403  (shared fixtures)
