"""The demo's radiographs: the left wrist and the foot, each with a calcified mass."""

from __future__ import annotations

import math
from collections.abc import Sequence

from PIL import Image, ImageOps

from .drawing import (
    XR_BG,
    XR_CORTEX,
    XR_MEDULLA,
    XR_SOFT,
    Canvas,
    bone,
    digit,
    finish,
    long_bone,
    soft_tissue,
    tram_track,
    xr_mass,
)
from .geometry import Point, smooth, tube_pts

RAD_SIZE = (640, 800)


def wrist() -> Image.Image:
    """PA radiograph of the left wrist, displayed as usual: thumb and radius on the right."""
    return ImageOps.mirror(_wrist_drawn())


def _wrist_drawn() -> Image.Image:
    """The wrist drawn with the radius on the image left; wrist mirrors it."""
    w, h = RAD_SIZE
    cv = Canvas(RAD_SIZE, XR_BG)

    def N(x: float, y: float) -> Point:
        return (x * w, y * h)

    def S(pts: Sequence[Point], it: int = 3) -> list[Point]:
        return [N(*p) for p in smooth(pts, it)]

    outline = [
        (0.15, 1.03),
        (0.145, 0.8),
        (0.14, 0.66),
        (0.13, 0.56),
        (0.14, 0.45),
        (0.16, 0.3),
        (0.155, 0.12),
        (0.15, -0.03),
        (0.8, -0.03),
        (0.8, 0.2),
        (0.815, 0.34),
        (0.855, 0.42),
        (0.9, 0.5),
        (0.895, 0.59),
        (0.855, 0.66),
        (0.825, 0.74),
        (0.815, 0.86),
        (0.815, 1.03),
    ]
    thumb = tube_pts(N(0.22, 0.43), N(-0.07, 0.03), [(0, 62), (0.5, 52), (1, 48)])
    soft_tissue(cv, [S(outline, 2), thumb], XR_SOFT)

    bones = cv.blank()
    xr = {"medulla": XR_MEDULLA, "cortex": XR_CORTEX}
    radius = [
        (0.3, 1.04),
        (0.295, 0.8),
        (0.27, 0.7),
        (0.235, 0.62),
        (0.215, 0.55),
        (0.208, 0.5),
        (0.235, 0.508),
        (0.29, 0.53),
        (0.35, 0.548),
        (0.372, 0.552),
        (0.41, 0.558),
        (0.47, 0.572),
        (0.518, 0.584),
        (0.522, 0.612),
        (0.51, 0.66),
        (0.48, 0.72),
        (0.465, 0.8),
        (0.46, 1.04),
    ]
    ulna = [
        (0.562, 1.04),
        (0.556, 0.78),
        (0.546, 0.68),
        (0.536, 0.632),
        (0.545, 0.605),
        (0.585, 0.596),
        (0.622, 0.6),
        (0.64, 0.585),
        (0.652, 0.562),
        (0.664, 0.57),
        (0.672, 0.61),
        (0.665, 0.67),
        (0.646, 0.75),
        (0.64, 1.04),
    ]
    bone(bones, S(radius, 2), width=5, **xr)
    bone(bones, S(ulna, 2), width=5, **xr)
    # slightly less dense medullary canals of the shafts
    bones.poly(
        tube_pts(N(0.383, 1.05), N(0.38, 0.76), [(0, 32), (1, 26)], 0.3, 1.5), fill=70, tex=255
    )
    bones.poly(
        tube_pts(N(0.6, 1.05), N(0.596, 0.74), [(0, 17), (1, 14)], 0.3, 1.5), fill=70, tex=255
    )
    carpals = {
        "scaphoid": [
            (0.245, 0.425),
            (0.29, 0.43),
            (0.33, 0.468),
            (0.37, 0.495),
            (0.385, 0.53),
            (0.362, 0.548),
            (0.31, 0.535),
            (0.27, 0.508),
            (0.24, 0.47),
            (0.232, 0.44),
        ],
        "lunate": [
            (0.392, 0.505),
            (0.44, 0.5),
            (0.476, 0.512),
            (0.492, 0.54),
            (0.472, 0.566),
            (0.42, 0.563),
            (0.392, 0.55),
            (0.386, 0.526),
        ],
        "triquetrum": [
            (0.502, 0.495),
            (0.548, 0.478),
            (0.588, 0.49),
            (0.6, 0.522),
            (0.57, 0.548),
            (0.516, 0.548),
            (0.499, 0.522),
        ],
        "trapezium": [
            (0.19, 0.37),
            (0.235, 0.362),
            (0.272, 0.378),
            (0.282, 0.41),
            (0.26, 0.428),
            (0.22, 0.425),
            (0.192, 0.4),
        ],
        "trapezoid": [
            (0.283, 0.37),
            (0.328, 0.364),
            (0.348, 0.388),
            (0.345, 0.425),
            (0.31, 0.435),
            (0.288, 0.415),
        ],
        "capitate": [
            (0.356, 0.362),
            (0.4, 0.357),
            (0.43, 0.372),
            (0.44, 0.42),
            (0.432, 0.46),
            (0.41, 0.488),
            (0.38, 0.485),
            (0.36, 0.458),
            (0.35, 0.41),
        ],
        "hamate": [
            (0.448, 0.37),
            (0.49, 0.364),
            (0.53, 0.384),
            (0.554, 0.42),
            (0.544, 0.458),
            (0.506, 0.475),
            (0.466, 0.47),
            (0.452, 0.44),
            (0.446, 0.405),
        ],
    }
    for pts in carpals.values():
        bone(bones, S(pts), width=3, **xr)
    # Metacarpals: bases at the distal carpal row, shafts diverging out of the field; thumb.
    metacarpals = [
        ((0.313, 0.338), (0.215, -0.06), 27, 18, 21),
        ((0.398, 0.333), (0.375, -0.06), 29, 18, 21),
        ((0.474, 0.338), (0.53, -0.06), 23, 15, 18),
        ((0.54, 0.352), (0.665, -0.06), 23, 16, 19),
    ]
    for p0, p1, base, shaft, head in metacarpals:
        prof = [(0, base), (0.25, shaft * 1.05), (0.6, shaft), (0.9, shaft * 1.15), (1, head)]
        long_bone(bones, N(*p0), N(*p1), prof)
    thumb_layer = cv.blank()  # first metacarpal overlaps the trapezium slightly
    mc1_base, mc1_head = N(0.212, 0.35), N(0.085, 0.15)
    prof = [(0, 27), (0.25, 19), (0.7, 18), (1, 24)]
    long_bone(thumb_layer, mc1_base, mc1_head, prof)
    start = (mc1_head[0] - 0.55 * 24 * 0.54, mc1_head[1] - 0.75 * 24 * 0.84)
    digit(thumb_layer, start, (-0.54, -0.84), [(90, 22, 15, 18)], gap=9)
    cv.add(bones)
    cv.add(thumb_layer)
    over = cv.blank()  # superimposed: pisiform over the triquetrum, hook of the hamate
    over.ellipse(0.556 * w, 0.5 * h, 0.028 * w, 0.028 * w, fill=58, outline=92, width=2.5, tex=255)
    over.ellipse(0.51 * w, 0.425 * h, 0.015 * w, 0.017 * w, fill=None, outline=70, width=3.5)
    over.line([N(0.25, 0.53), N(0.35, 0.562), N(0.45, 0.575), N(0.515, 0.59)], 38, 2.5)
    cv.add(over)

    calc = cv.blank()
    tram_track(calc, 31, [N(0.205, 1.0), N(0.215, 0.86), N(0.22, 0.74), N(0.205, 0.66)], 7, 85)
    tram_track(calc, 32, [N(0.715, 1.0), N(0.71, 0.86), N(0.705, 0.74)], 6, 80)
    cv.add(calc, blur=0.4)
    xr_mass(cv, 33, 0.7 * w, 0.52 * h, 0.12 * w, 0.1 * h, lobules=12, blobs=90)
    return finish(cv, 9201, blur=1.0, grain=3.5, grain_blur=0.7, mottle=7.0)


def foot() -> Image.Image:
    """AP radiograph of the left forefoot, toes up, great toe on the image right."""
    w, h = RAD_SIZE
    cv = Canvas(RAD_SIZE, XR_BG)

    def N(x: float, y: float) -> Point:
        return (x * w, y * h)

    # (base, head, base/shaft/head half-widths, toe direction, phalanges, joint gap)
    rays = [
        (
            (0.615, 0.87),
            (0.655, 0.455),
            (38, 27, 40),
            (-0.08, -1.0),
            [(118, 33, 22, 27), (72, 26, 18, 22)],
            8,
        ),
        (
            (0.505, 0.89),
            (0.5, 0.4),
            (22, 14, 21),
            (-0.04, -1.0),
            [(72, 16, 10, 13), (32, 12, 9, 11), (22, 10, 7, 9)],
            7,
        ),
        (
            (0.44, 0.895),
            (0.4, 0.42),
            (21, 13, 20),
            (-0.06, -1.0),
            [(64, 15, 10, 12), (28, 11, 8, 10), (20, 9, 7, 8)],
            7,
        ),
        (
            (0.38, 0.9),
            (0.305, 0.455),
            (20, 13, 19),
            (-0.09, -1.0),
            [(56, 14, 9, 11), (24, 10, 7, 9), (18, 8, 6, 7)],
            6,
        ),
        (
            (0.322, 0.91),
            (0.215, 0.51),
            (25, 13, 18),
            (-0.14, -1.0),
            [(50, 13, 9, 10), (19, 9, 6, 8), (16, 7, 5, 6)],
            6,
        ),
    ]
    toe_hw = [62, 48, 46, 43, 38]

    forefoot = [
        (0.14, 1.03),
        (0.12, 0.8),
        (0.105, 0.62),
        (0.115, 0.53),
        (0.18, 0.47),
        (0.26, 0.42),
        (0.36, 0.38),
        (0.46, 0.35),
        (0.56, 0.32),
        (0.66, 0.3),
        (0.75, 0.32),
        (0.83, 0.36),
        (0.875, 0.44),
        (0.87, 0.51),
        (0.845, 0.59),
        (0.82, 0.72),
        (0.81, 1.03),
    ]
    polys = [[N(*p) for p in smooth(forefoot, 2)]]
    layers = [cv.blank(), cv.blank()]  # alternate rays: overlapping bases add up
    for k, (base, head, (hb, hs, hh), direction, phal, gap) in enumerate(rays):
        layer = layers[k % 2]
        prof = [(0, hb), (0.25, hs * 1.05), (0.6, hs), (0.88, hs * 1.15), (1, hh)]
        p0, p1 = N(*base), N(*head)
        long_bone(layer, p0, p1, prof, cap0=0.4, cap1=0.7)
        dx, dy = direction
        norm = math.hypot(dx, dy)
        start = (p1[0] + dx / norm * (0.7 * hh + gap), p1[1] + dy / norm * (0.7 * hh + gap))
        tip = digit(layer, start, direction, phal, gap)
        polys.append(tube_pts(p1, tip, [(0, toe_hw[k]), (1, toe_hw[k] * 0.85)], 0.3, 0.9))
    soft_tissue(cv, polys, XR_SOFT)

    tarsals = cv.blank()
    xr = {"medulla": XR_MEDULLA, "cortex": XR_CORTEX}
    for pts in (
        [(0.55, 0.925), (0.6, 0.912), (0.665, 0.918), (0.685, 0.96), (0.68, 1.06), (0.55, 1.06)],
        [(0.468, 0.93), (0.508, 0.924), (0.538, 0.932), (0.54, 1.06), (0.47, 1.06)],  # interm.
        [(0.398, 0.932), (0.43, 0.926), (0.46, 0.934), (0.462, 1.06), (0.4, 1.06)],  # lateral
        [(0.225, 0.985), (0.3, 0.94), (0.345, 0.936), (0.39, 0.944), (0.39, 1.06), (0.23, 1.06)],
    ):  # medial, intermediate and lateral cuneiforms, cuboid
        bone(tarsals, [N(*p) for p in smooth(pts, 3)], width=3, **xr)
    cv.add(tarsals)
    for layer in layers:
        cv.add(layer)
    over = cv.blank()  # sesamoids projected over the first metatarsal head
    for sx in (0.628, 0.688):
        over.ellipse(
            sx * w, 0.47 * h, 0.024 * w, 0.022 * h, fill=52, outline=84, width=2.5, tex=255
        )
    cv.add(over)

    calc = cv.blank()
    tram_track(calc, 41, [N(0.53, 1.0), N(0.545, 0.86), N(0.555, 0.74), N(0.565, 0.64)], 6, 85)
    cv.add(calc, blur=0.4)
    xr_mass(cv, 43, 0.66 * w, 0.40 * h, 0.12 * w, 0.09 * h, lobules=12, blobs=90)
    return finish(cv, 9301, blur=1.0, grain=3.5, grain_blur=0.7, mottle=7.0)
