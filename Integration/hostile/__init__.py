"""Hostile peers for the trust-boundary tests (issue 13): small HTTPS servers a test controls."""
