#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The mcp-warden authors
# SPDX-License-Identifier: Apache-2.0

# Re-derives every pin of the registry from Debian's ca-certificates, so a reviewer can check
# RootCAs.swift without trusting it: prints `FILE sha256/BASE64` for each root it names, and
# exits 1 when a file is missing or a pin in RootCAs.swift differs.
#   usage: Endpoints/derive-pins.sh [CERT_DIR]   (default /etc/ssl/certs)
set -euo pipefail
dir=${1:-/etc/ssl/certs}
here=$(cd "$(dirname "$0")" && pwd)
status=0
while IFS='|' read -r file recorded; do
    if [ ! -f "$dir/$file" ]; then echo "missing: $dir/$file" >&2; status=1; continue; fi
    pin="sha256/$(openssl x509 -in "$dir/$file" -pubkey -noout | openssl pkey -pubin -outform der | openssl dgst -sha256 -binary | base64)"
    echo "$file $pin"
    if [ "$pin" != "$recorded" ]; then echo "differs from RootCAs.swift: $file ($recorded)" >&2; status=1; fi
done < <(sed -n 's/.*certificateFile: "\([^"]*\)", spki: "\([^"]*\)".*/\1|\2/p' "$here/RootCAs.swift")
exit $status
