#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The mcp-warden authors
# SPDX-License-Identifier: Apache-2.0
# Turns a staged installation into the Debian package (called by `make deb`).
#
#   packaging/deb.sh STAGE VERSION ARCH MAINTAINER OUT.deb
#
# STAGE/debian/mcp-warden holds what `make install-files PREFIX=/usr` wrote. This adds the Debian
# files — copyright, the changelog made from CHANGELOG.md, DEBIAN/control and md5sums — and builds
# OUT.deb with dpkg-deb (files owned by root, no fakeroot needed).
#
# Depends: dpkg-shlibdeps finds the linked libraries (libc6, libgcc-s1, libstdc++6, libssl3), then
#   - libc6 is raised to 2.36 when the binary needs GLIBC_ABI_DT_RELR (the release link packs its
#     relocations; dpkg-shlibdeps only knows the GLIBC_2.x versions it sees);
#   - libcurl4 (the OpenSSL flavour of libcurl.so.4) is added by hand: it is dlopen'ed at run time
#     (Sources/CCurl/curl_loader.c), so no tool can see it; 7.85 is the oldest the README supports.
# The package is made for the Debian release it is built on (dpkg-shlibdeps names that release's
# library packages).
# libsecret-1-0 is dlopen'ed too, and optional: Recommends (packaging/debian/control.in).
set -euo pipefail

stage=$1 version=$2 arch=$3 maintainer=$4 out=$5
here=$(cd "$(dirname "$0")" && pwd)
root="$stage/debian/mcp-warden"
doc="$root/usr/share/doc/mcp-warden"
binary="$root/usr/bin/mcp-warden"

# Debian's documentation files: the copyright file carries the license (no separate LICENSE, no
# NOTICE: its content is in copyright's Comment), and the changelog is in the Debian format.
rm -f "$doc/LICENSE" "$doc/NOTICE" "$doc/CHANGELOG.md.gz"
install -m 0644 "$here/debian/copyright" "$doc/copyright"
python3 "$here/debian_changelog.py" --changelog "$here/../CHANGELOG.md" --version "$version" \
    --maintainer "$maintainer" | gzip -9n > "$doc/changelog.gz"
chmod 0644 "$doc/changelog.gz"

# dpkg-shlibdeps wants to run in a source tree (a debian/control naming the package will do) on a
# package directory (one with DEBIAN/).
mkdir -p "$root/DEBIAN"
printf 'Source: mcp-warden\n\nPackage: mcp-warden\nArchitecture: any\n' > "$stage/debian/control"
shlibs=$(cd "$stage" && dpkg-shlibdeps -O "debian/mcp-warden/usr/bin/mcp-warden")
depends=${shlibs#shlibs:Depends=}
if readelf -V "$binary" | grep -q GLIBC_ABI_DT_RELR; then
    depends=$(sed -E 's/libc6 \(>= [0-9.]+\)/libc6 (>= 2.36)/' <<<"$depends")
fi
# The package that holds the OpenSSL-flavoured libcurl.so.4 here: libcurl4 (libcurl4t64 where the
# 64-bit time_t transition renamed it).
curl_package=$(dpkg-query -S '*/libcurl.so.4' | cut -d: -f1 | sort -u | head -1)
[ -n "$curl_package" ] || { echo "deb.sh: no installed package holds libcurl.so.4 (apt-get install libcurl4)" >&2; exit 1; }
depends="$depends, $curl_package (>= 7.85.0)"

installed_size=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
sed -e "s|@VERSION@|$version|" -e "s|@ARCH@|$arch|" -e "s|@MAINTAINER@|$maintainer|" \
    -e "s|@INSTALLED_SIZE@|$installed_size|" -e "s|@DEPENDS@|$depends|" \
    "$here/debian/control.in" > "$root/DEBIAN/control"
(cd "$root" && find usr -type f -print0 | sort -z | xargs -0 md5sum) > "$root/DEBIAN/md5sums"
chmod 0644 "$root/DEBIAN/control" "$root/DEBIAN/md5sums"
find "$root" -type d -exec chmod 0755 {} +

mkdir -p "$(dirname "$out")"
dpkg-deb --root-owner-group -Zxz --build "$root" "$out" >/dev/null
echo "$out: Depends: $depends"
