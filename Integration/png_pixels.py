# SPDX-FileCopyrightText: 2026 The mcp-warden authors
# SPDX-License-Identifier: Apache-2.0
"""Reads a PNG's pixels with the standard library (zlib), enough to tell whether a screenshot
shows something: its size, its background colour and how much of it differs from that.

Covers what Chromium's `Page.captureScreenshot` writes: 8-bit truecolour (RGB or RGBA) or
greyscale, not interlaced (RFC 2083 / PNG specification, sections 4 to 9).
"""

from __future__ import annotations

import struct
import zlib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

SIGNATURE = b"\x89PNG\r\n\x1a\n"
CHANNELS = {0: 1, 2: 3, 4: 2, 6: 4}  # colour type -> samples per pixel


@dataclass(frozen=True)
class Picture:
    width: int
    height: int
    background: tuple[int, ...]  # the most common pixel value
    drawn: float  # share of pixels that are not the background colour
    colours: int  # distinct pixel values


def _paeth(a: int, b: int, c: int) -> int:
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    if pa <= pb and pa <= pc:
        return a
    return b if pb <= pc else c


def _unfilter(data: bytes, width: int, height: int, bpp: int) -> list[bytearray]:
    stride = width * bpp
    rows: list[bytearray] = []
    previous = bytearray(stride)
    offset = 0
    for _ in range(height):
        kind = data[offset]
        row = bytearray(data[offset + 1:offset + 1 + stride])
        offset += 1 + stride
        for i in range(stride):
            left = row[i - bpp] if i >= bpp else 0
            up = previous[i]
            if kind == 1:
                row[i] = (row[i] + left) & 0xFF
            elif kind == 2:
                row[i] = (row[i] + up) & 0xFF
            elif kind == 3:
                row[i] = (row[i] + ((left + up) >> 1)) & 0xFF
            elif kind == 4:
                row[i] = (row[i] + _paeth(left, up, previous[i - bpp] if i >= bpp else 0)) & 0xFF
            elif kind != 0:
                raise ValueError(f"unknown PNG filter type {kind}")
        rows.append(row)
        previous = row
    return rows


def read_png(path: Path) -> Picture:
    blob = Path(path).read_bytes()
    if not blob.startswith(SIGNATURE):
        raise ValueError(f"{path} is not a PNG file")
    offset = len(SIGNATURE)
    header: tuple[int, ...] | None = None
    idat = b""
    while offset < len(blob):
        (length,) = struct.unpack(">I", blob[offset:offset + 4])
        kind = blob[offset + 4:offset + 8]
        body = blob[offset + 8:offset + 8 + length]
        offset += 12 + length
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        elif kind == b"IEND":
            break
    if header is None:
        raise ValueError(f"{path} has no IHDR chunk")
    width, height, depth, colour, _, _, interlace = header
    if depth != 8 or colour not in CHANNELS or interlace != 0:
        raise ValueError(f"{path}: unsupported PNG (depth {depth}, colour type {colour}, interlace {interlace})")
    bpp = CHANNELS[colour]
    rows = _unfilter(zlib.decompress(idat), width, height, bpp)
    counts: Counter[bytes] = Counter()
    for row in rows:
        counts.update(bytes(row[i:i + bpp]) for i in range(0, len(row), bpp))
    background, count = counts.most_common(1)[0]
    total = width * height
    return Picture(width, height, tuple(background), (total - count) / total, len(counts))
