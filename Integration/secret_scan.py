# SPDX-FileCopyrightText: 2026 The mcp-warden authors
# SPDX-License-Identifier: Apache-2.0

"""Searching everything mcp-warden printed or wrote for live secrets (DESIGN.md invariant 2).

`encodings(value)` gives the forms a leak could take: raw, standard and URL-safe base64 (with and
without padding), hex in both cases, and percent-encoding. `scan(secrets, blobs)` reports, without
printing any secret, which kind of secret showed up where. `assert_no_leaks` is the assertion the
tests make with it: it also fails when there is no secret to look for, so that a scan can never
pass only because the run issued nothing.
"""

from __future__ import annotations

import base64
from collections.abc import Iterable, Mapping
from pathlib import Path
from urllib.parse import quote

# Kinds of values that must never leave the vault. Client ids are public (they are in the
# authorization URL that mcp-warden must print); they are deliberately not here.
SECRET_KINDS = ("client_secrets", "authorization_codes", "code_verifiers", "access_tokens", "refresh_tokens")


def encodings(value: str) -> set[bytes]:
    raw = value.encode()
    forms = {raw, raw.hex().encode(), raw.hex().upper().encode(), quote(value, safe="").encode()}
    for encoded in (base64.b64encode(raw), base64.urlsafe_b64encode(raw)):
        forms.add(encoded)
        forms.add(encoded.rstrip(b"="))
    return {form for form in forms if len(form) >= 8}


def files_under(root: Path) -> dict[str, bytes]:
    return {str(path): path.read_bytes() for path in Path(root).rglob("*") if path.is_file()}


def scan(secrets: Mapping[str, Iterable[str]], blobs: Mapping[str, bytes]) -> list[str]:
    """Leaks as 'KIND #i (form) in WHERE' lines; empty when clean."""
    found = []
    for kind in SECRET_KINDS:
        for index, value in enumerate(secrets.get(kind, [])):
            for form in encodings(value):
                for where, blob in blobs.items():
                    if form in blob:
                        label = "raw" if form == value.encode() else "encoded"
                        found.append(f"{kind} #{index} ({label}) in {where}")
    return found


def live_count(secrets: Mapping[str, Iterable[str]]) -> int:
    return sum(len(list(secrets.get(kind, []))) for kind in SECRET_KINDS)


def assert_no_leaks(secrets: Mapping[str, Iterable[str]], blobs: Mapping[str, bytes | str],
                    homes: Iterable[Path] = ()) -> None:
    """No value of `secrets` (a secrets file, see auth_provider.SecretLedger) in any encoding in
    `blobs` (outputs, by name) or in any file under `homes`. Fails if `secrets` holds nothing."""
    assert live_count(secrets) > 0, "no secret to look for: the scan would pass whatever was printed"
    data = {name: blob.encode() if isinstance(blob, str) else blob for name, blob in blobs.items()}
    for home in homes:
        data.update(files_under(home))
    leaks = scan(secrets, data)
    assert not leaks, leaks
