# SPDX-FileCopyrightText: 2026 The mcp-warden authors
# SPDX-License-Identifier: Apache-2.0

"""Hostile peers for the trust-boundary tests (issue 13): small HTTPS servers a test controls."""
