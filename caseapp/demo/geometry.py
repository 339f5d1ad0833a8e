"""Geometry of the demo illustrations: outlines as lists of points, in pixel units."""

from __future__ import annotations

import math
import random
from collections.abc import Sequence

Point = tuple[float, float]


def ellipse_pts(
    cx: float, cy: float, rx: float, ry: float, angle: float = 0.0, n: int = 72
) -> list[Point]:
    """Polygon of an ellipse (pixel units), rotated by ``angle`` degrees."""
    c, s = math.cos(math.radians(angle)), math.sin(math.radians(angle))
    pts = []
    for i in range(n):
        t = 2 * math.pi * i / n
        x, y = rx * math.cos(t), ry * math.sin(t)
        pts.append((cx + x * c - y * s, cy + x * s + y * c))
    return pts


def rrect_pts(x0: float, y0: float, x1: float, y1: float, r: float, n: int = 6) -> list[Point]:
    """Polygon of a rounded rectangle (any units), corner radius ``r``."""
    pts: list[Point] = []
    corners = [
        (x1 - r, y0 + r, -90),
        (x1 - r, y1 - r, 0),
        (x0 + r, y1 - r, 90),
        (x0 + r, y0 + r, 180),
    ]
    for ccx, ccy, start in corners:
        for k in range(n + 1):
            a = math.radians(start + 90 * k / n)
            pts.append((ccx + r * math.cos(a), ccy + r * math.sin(a)))
    return pts


def smooth(pts: Sequence[Point], iterations: int = 3) -> list[Point]:
    """Chaikin corner cutting of a closed outline: rounded, organic shapes."""
    out = list(pts)
    for _ in range(iterations):
        nxt = []
        for (x0, y0), (x1, y1) in zip(out, out[1:] + out[:1], strict=True):
            nxt.append((0.75 * x0 + 0.25 * x1, 0.75 * y0 + 0.25 * y1))
            nxt.append((0.25 * x0 + 0.75 * x1, 0.25 * y0 + 0.75 * y1))
        out = nxt
    return out


def _interp(profile: Sequence[tuple[float, float]], t: float) -> float:
    for (t0, v0), (t1, v1) in zip(profile, profile[1:], strict=False):
        if t <= t1:
            u = (t - t0) / (t1 - t0) if t1 > t0 else 0.0
            u = u * u * (3 - 2 * u)  # smoothstep: rounded transitions
            return v0 + (v1 - v0) * u
    return profile[-1][1]


def tube_pts(
    p0: Point,
    p1: Point,
    profile: Sequence[tuple[float, float]],
    cap0: float = 0.8,
    cap1: float = 0.8,
    steps: int = 24,
) -> list[Point]:
    """Outline of a long bone from ``p0`` to ``p1`` (pixel units).

    ``profile`` lists (t, half_width) with t from 0 (at p0) to 1 (at p1); the ends get
    half-elliptic caps whose length is ``cap * half_width``.
    """
    (x0, y0), (x1, y1) = p0, p1
    length = math.hypot(x1 - x0, y1 - y0)
    ux, uy = (x1 - x0) / length, (y1 - y0) / length
    nx, ny = -uy, ux
    left, right = [], []
    for k in range(steps + 1):
        t = k / steps
        hw = _interp(profile, t)
        cx, cy = x0 + (x1 - x0) * t, y0 + (y1 - y0) * t
        left.append((cx + nx * hw, cy + ny * hw))
        right.append((cx - nx * hw, cy - ny * hw))
    hw0, hw1 = profile[0][1], profile[-1][1]
    end_cap, start_cap = [], []
    for k in range(1, 12):
        a = math.pi * k / 12
        ca, sa = math.cos(a), math.sin(a)
        end_cap.append(
            (x1 + nx * hw1 * ca + ux * hw1 * cap1 * sa, y1 + ny * hw1 * ca + uy * hw1 * cap1 * sa)
        )
        start_cap.append(
            (x0 - nx * hw0 * ca - ux * hw0 * cap0 * sa, y0 - ny * hw0 * ca - uy * hw0 * cap0 * sa)
        )
    return left + end_cap + right[::-1] + start_cap


def wobbly_ellipse_pts(
    rng: random.Random, cx: float, cy: float, rx: float, ry: float, wobble: float, n: int = 40
) -> list[Point]:
    """Irregular closed outline (erosions): an ellipse with a smoothly perturbed radius."""
    phases = [rng.uniform(0, 2 * math.pi) for _ in range(3)]
    pts = []
    for i in range(n):
        t = 2 * math.pi * i / n
        f = 1 + wobble * (
            0.5 * math.sin(2 * t + phases[0])
            + 0.3 * math.sin(3 * t + phases[1])
            + 0.2 * math.sin(5 * t + phases[2])
        )
        pts.append((cx + rx * f * math.cos(t), cy + ry * f * math.sin(t)))
    return pts


def point_in_ellipse(rng: random.Random, cx: float, cy: float, rx: float, ry: float) -> Point:
    while True:
        u, v = rng.uniform(-1, 1), rng.uniform(-1, 1)
        if u * u + v * v <= 1:
            return cx + u * rx, cy + v * ry
