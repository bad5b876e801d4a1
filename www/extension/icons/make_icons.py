#!/usr/bin/env python3
"""Draws lede's toolbar icons (icon16/32/48/128.png) with no dependencies.

Why a script: the icons are reproducible from source and need no image
editor or Pillow. The picture: a dark rounded square, three lines of "text",
the middle one under an amber highlighter stroke. Shapes are rasterised at 4x
and averaged down for anti-aliasing. Run: python3 make_icons.py
"""
import struct
import zlib
from pathlib import Path

BG = (38, 50, 56)
TEXT = (236, 239, 241)
MARK = (255, 193, 7)
SS = 4  # supersampling factor


def inside_round_rect(x, y, x0, y0, x1, y1, r):
    """True when (x, y) lies in the rectangle [x0,x1]x[y0,y1] with corner radius r."""
    if x < x0 or x > x1 or y < y0 or y > y1:
        return False
    cx = min(max(x, x0 + r), x1 - r)
    cy = min(max(y, y0 + r), y1 - r)
    return (x - cx) ** 2 + (y - cy) ** 2 <= r * r


def shapes():
    """(colour, x0, y0, x1, y1, radius) in unit coordinates, painted in order."""
    return [
        (BG, 0.0, 0.0, 1.0, 1.0, 0.2),
        (MARK, 0.12, 0.40, 0.80, 0.60, 0.05),
        (TEXT, 0.20, 0.20, 0.80, 0.29, 0.045),
        (BG, 0.20, 0.455, 0.70, 0.545, 0.045),
        (TEXT, 0.20, 0.71, 0.62, 0.80, 0.045),
    ]


def render(size):
    n = size * SS
    rows = []
    for py in range(size):
        row = bytearray([0])  # filter: none
        for px in range(size):
            acc = [0, 0, 0, 0]
            for sy in range(SS):
                for sx in range(SS):
                    x = (px * SS + sx + 0.5) / n
                    y = (py * SS + sy + 0.5) / n
                    colour = None
                    for c, x0, y0, x1, y1, r in shapes():
                        if inside_round_rect(x, y, x0, y0, x1, y1, r):
                            colour = c
                    if colour:
                        acc[0] += colour[0]
                        acc[1] += colour[1]
                        acc[2] += colour[2]
                        acc[3] += 255
            k = SS * SS
            a = acc[3] // k
            if a:
                cov = acc[3] / 255
                row += bytes([round(acc[0] / cov), round(acc[1] / cov), round(acc[2] / cov), a])
            else:
                row += bytes(4)
        rows.append(bytes(row))
    return png(size, size, b"".join(rows))


def png(w, h, raw):
    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", w, h, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


if __name__ == "__main__":
    here = Path(__file__).resolve().parent
    for size in (16, 32, 48, 128):
        (here / f"icon{size}.png").write_bytes(render(size))
        print(f"icon{size}.png")
