"""Abstract pictures for the demo articles, drawn with Pillow so the demo ships no photos."""

from __future__ import annotations

import io
import math
import random

from PIL import Image, ImageDraw


def _hex(colour: str) -> tuple[int, int, int]:
    colour = colour.lstrip("#")
    return int(colour[0:2], 16), int(colour[2:4], 16), int(colour[4:6], 16)


def _mix(a: tuple[int, int, int], b: tuple[int, int, int], t: float) -> tuple[int, int, int]:
    return (
        round(a[0] + (b[0] - a[0]) * t),
        round(a[1] + (b[1] - a[1]) * t),
        round(a[2] + (b[2] - a[2]) * t),
    )


def draw_picture(
    colours: tuple[str, str], motif: str, seed: int, size: tuple[int, int] = (1600, 900)
) -> bytes:
    """A JPEG: a two-colour gradient with a simple motif (sun, waves, grid, circles, bars,
    mountains); `seed` makes it repeatable."""
    width, height = size
    start, end = _hex(colours[0]), _hex(colours[1])
    image = Image.new("RGB", size)
    draw = ImageDraw.Draw(image)
    for y in range(height):
        draw.line([(0, y), (width, y)], fill=_mix(start, end, y / height))
    rng = random.Random(seed)
    light = _mix(end, (255, 255, 255), 0.6)
    dark = _mix(start, (0, 0, 0), 0.4)
    if motif == "sun":
        r = height // 5
        cx, cy = rng.randint(r, width - r), rng.randint(r, height // 2)
        draw.ellipse([cx - r, cy - r, cx + r, cy + r], fill=light)
        draw.rectangle([0, height * 2 // 3, width, height], fill=dark)
    elif motif == "waves":
        for band in range(6):
            base = height * (0.35 + band * 0.1)
            points = [
                (x, base + 30 * math.sin(x / 90 + band + seed)) for x in range(0, width + 20, 20)
            ]
            draw.line(points, fill=_mix(light, dark, band / 6), width=14)
    elif motif == "grid":
        step = 100
        for x in range(0, width, step):
            for y in range(0, height, step):
                if rng.random() < 0.35:
                    draw.rectangle([x + 8, y + 8, x + step - 8, y + step - 8], fill=light)
    elif motif == "circles":
        for _ in range(14):
            r = rng.randint(30, 160)
            cx, cy = rng.randint(0, width), rng.randint(0, height)
            draw.ellipse([cx - r, cy - r, cx + r, cy + r], outline=light, width=10)
    elif motif == "bars":
        count = 12
        bar = width // (count * 2)
        for i in range(count):
            h = rng.randint(height // 6, height * 4 // 5)
            x = bar // 2 + i * bar * 2
            draw.rectangle([x, height - h, x + bar, height], fill=_mix(light, dark, i / count))
    else:  # mountains
        for layer in range(3):
            peak_y = height * (0.3 + layer * 0.15)
            points = [(0, height)]
            for x in range(0, width + 200, 200):
                points.append((x, peak_y + rng.randint(-80, 120)))
            points.append((width, height))
            draw.polygon(points, fill=_mix(light, dark, (layer + 1) / 3))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=82, optimize=True, progressive=True)
    return buffer.getvalue()
