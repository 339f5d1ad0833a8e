"""The demo's CT illustrations of the cervical spine: midsagittal and axial at C5/C6, bone
window, before and after surgery."""

from __future__ import annotations

import math
import random
from collections.abc import Sequence

from PIL import Image

from .drawing import (
    CT_AIR,
    CT_CANC,
    CT_CORD,
    CT_CORTEX,
    CT_CSF,
    CT_DISC,
    CT_FAT,
    CT_SOFT,
    METAL,
    Canvas,
    bone,
    ct_mass,
    finish,
    screw,
)
from .geometry import Point, ellipse_pts, rrect_pts, smooth, tube_pts, wobbly_ellipse_pts

SAG_SIZE = (560, 720)
_LEVELS = ["C2", "C3", "C4", "C5", "C6", "C7", "T1", "T2"]
_BODY_H = 0.088
_PITCH = 0.115
_C5_BOTTOM = 0.5465  # C5/C6 disc centred at y = 0.56
_POST_BODY_X = 0.545  # posterior vertebral line (anatomical x, before the lordosis shift)
_CANAL_BACK_X = 0.655


def _level_span(i: int) -> tuple[float, float]:
    bottom = _C5_BOTTOM + (i - 3) * _PITCH
    return bottom - _BODY_H - (0.004 if i >= 6 else 0.0), bottom


def ct_sagittal(after: bool) -> Image.Image:
    """Midsagittal CT of the cervical spine, bone window, anterior to the left."""
    w, h = SAG_SIZE
    cv = Canvas(SAG_SIZE, CT_AIR)
    rng = random.Random(5601 + after)

    def shift(y: float) -> float:  # cervical lordosis: mid-cervical spine most anterior
        return 0.035 * ((y - 0.53) / 0.45) ** 2

    def P(x: float, y: float) -> Point:
        return ((x + shift(y)) * w, y * h)

    def mapped(pts: Sequence[Point]) -> list[Point]:
        return [P(x, y) for x, y in pts]

    ys = [k / 40 for k in range(41)]
    bone_style = {"medulla": CT_CANC, "cortex": CT_CORTEX, "width": 2.5}

    # Neck: subcutaneous fat, then muscle / soft tissue, fascial planes.
    front = [(0.16, -0.01), (0.14, 0.2), (0.125, 0.45), (0.12, 0.65), (0.125, 0.85), (0.135, 1.01)]
    back = [(0.965, 1.01), (0.955, 0.7), (0.95, 0.4), (0.955, 0.15), (0.97, -0.01)]
    cv.poly([(x * w, y * h) for x, y in front + back], fill=CT_FAT)
    inner = [(x + 0.025, y) for x, y in front] + [(x - 0.04, y) for x, y in back]
    cv.poly([(x * w, y * h) for x, y in inner], fill=CT_SOFT)
    for fx, amp in ((0.79, 0.015), (0.86, 0.02)):
        cv.line([((fx + amp * math.sin(4 * y + fx)) * w, y * h) for y in ys], CT_FAT + 4, 2)

    # Airway: pharynx, larynx, trachea.
    ant = [(0.245 - 0.025 * math.exp(-(((y - 0.5) / 0.12) ** 2)), y) for y in ys]
    post = [(0.372 - 0.01 * math.exp(-(((y - 0.58) / 0.1) ** 2)), y) for y in ys]
    cv.poly(mapped(ant + post[::-1]), fill=CT_AIR)
    cv.ellipse(*P(0.2, 0.3), 12, 6, fill=CT_CANC, outline=CT_CORTEX, width=2, tex=255)  # hyoid
    for cx, cy, rx, ry in ((0.205, 0.52, 6, 18), (0.215, 0.645, 7, 9)):
        cv.ellipse(*P(cx, cy), rx, ry, fill=130)  # partly calcified laryngeal cartilages

    # Spinal canal (CSF) and cord.
    canal = [(_POST_BODY_X, y) for y in ys] + [(_CANAL_BACK_X, y) for y in ys[::-1]]
    cv.poly(mapped(canal), fill=CT_CSF)
    if after:  # laminectomy C5-C7: post-operative bed, thecal sac expands posteriorly
        top, bottom = _level_span(3)[0] - 0.01, _level_span(5)[1] + 0.01
        bed = [
            (0.645, top),
            (0.73, top + 0.03),
            (0.77, 0.56),
            (0.74, bottom - 0.03),
            (0.645, bottom),
        ]
        cv.poly(mapped(smooth(bed, 2)), fill=58)
        cv.poly(mapped(rrect_pts(0.63, top + 0.02, 0.685, bottom - 0.02, 0.02)), fill=CT_CSF)

    def bump(y: float) -> float:
        return 0.0 if after else math.exp(-(((y - 0.56) / 0.045) ** 2))

    yc = [k / 100 for k in range(101)]
    cord = [(0.573 + 0.06 * bump(y), y) for y in yc]
    cord += [(0.627 + 0.02 * bump(y) + (0.008 if after else 0.0), y) for y in yc[::-1]]
    cv.poly(mapped(cord), fill=CT_CORD)

    # Skull base (clivus, occiput) and atlas.
    occiput = [(0.64, -0.02), (0.655, 0.028), (0.74, 0.036), (0.86, 0.018), (0.97, -0.02)]
    bone(cv, mapped(smooth(occiput, 2)), **bone_style)
    bone(cv, mapped([(0.4, -0.02), (0.5, -0.02), (0.49, 0.012), (0.43, 0.018)]), **bone_style)
    bone(cv, ellipse_pts(*P(0.41, 0.085), 11, 17), **bone_style)  # anterior arch of C1
    bone(cv, ellipse_pts(*P(0.745, 0.08), 24, 13, -8), **bone_style)  # posterior arch of C1

    # Discs, then vertebral bodies (C2 with the dens).
    def front_x(i: float) -> float:
        return 0.418 - 0.006 * i

    for i in range(len(_LEVELS) - 1):
        top_next, bottom = _level_span(i + 1)[0], _level_span(i)[1]
        disc = [
            (front_x(i + 0.5) + 0.006, bottom - 0.004),
            (_POST_BODY_X - 0.003, bottom - 0.004),
            (_POST_BODY_X - 0.001, top_next + 0.004),
            (front_x(i + 0.5) + 0.006, top_next + 0.004),
        ]
        cv.poly(mapped(disc), fill=CT_DISC)
    bone(cv, mapped(rrect_pts(0.445, 0.035, 0.515, 0.13, 0.03)), **bone_style)  # dens
    for i in range(len(_LEVELS)):
        top, bottom = _level_span(i)
        fx = front_x(i)
        body = rrect_pts(fx, top, _POST_BODY_X, bottom, 0.012)
        bone(cv, mapped(body), **bone_style)
    cv.poly(mapped(rrect_pts(0.452, 0.1, 0.508, 0.13, 0.004)), fill=CT_CANC, tex=255)

    # Posterior elements (lamina + spinous process in the midline).
    tips = {"C2": 0.83, "C3": 0.79, "C4": 0.8, "C5": 0.81, "C6": 0.83, "C7": 0.89, "T1": 0.89}
    drops = {"C2": 0.015, "C6": 0.04, "C7": 0.05, "T1": 0.07, "T2": 0.09}
    for i, name in enumerate(_LEVELS):
        if after and name in ("C5", "C6", "C7"):
            continue  # laminectomy
        top, bottom = _level_span(i)
        mid = (top + bottom) / 2
        tip_x, drop = tips.get(name, 0.88), drops.get(name, 0.03)
        big = 1.3 if name in ("C2", "C7", "T1") else 1.0
        prof = [(0, 24 * big), (0.35, 12 * big), (0.85, 9 * big), (1, 12 * big)]
        bone(cv, tube_pts(P(0.675, mid), P(tip_x, mid + drop), prof, 0.4, 0.7), **bone_style)

    # Erosion of the posterior C5/C6 corners (destroyed cortex, soft-tissue density).
    cx, cy = 0.56 * w, 0.56 * h
    cv.poly(wobbly_ellipse_pts(rng, 0.528 * w, cy, 0.036 * w, 0.052 * h, 0.12), fill=70)

    if not after:
        ct_mass(cv, 11, cx, cy, 0.09 * w, 0.07 * h, lobules=10, blobs=70)
    else:
        ct_mass(cv, 12, cx, cy, 0.05 * w, 0.04 * h, lobules=4, blobs=22)
        # Posterior instrumentation C4-T2: rod, lateral-mass (C4-C6) and pedicle (T1-T2) screws.
        rod_x = 0.7
        y0, y1 = sum(_level_span(2)) / 2, sum(_level_span(7)) / 2
        cv.line([P(rod_x, y0 + (y1 - y0) * k / 30) for k in range(31)], METAL, 7)
        for i in (2, 3, 4, 6, 7):
            mid = sum(_level_span(i)) / 2
            if i == 4:  # C6: shorter, stays behind the residual mass
                tip = P(0.655, mid - 0.035)
            elif i < 4:
                tip = P(0.615, mid - 0.045)
            else:
                tip = P(0.47, mid - 0.012)
            screw(cv, P(rod_x, mid), tip, width=7)

    return finish(cv, 9001 + after, blur=0.8, grain=4.5, grain_blur=0.8, mottle=9.0)


# --------------------------------------------------------------------------- CT axial

AX_SIZE = (640, 640)


def ct_axial(after: bool) -> Image.Image:
    """Axial CT at C5/C6, bone window, anterior at the top."""
    w, h = AX_SIZE
    cv = Canvas(AX_SIZE, CT_AIR)
    rng = random.Random(6401 + after)

    def N(x: float, y: float) -> Point:
        return (x * w, y * h)

    def E(x: float, y: float, rx: float, ry: float, **kw) -> None:
        cv.ellipse(x * w, y * h, rx * w, ry * h, **kw)

    bone_style = {"medulla": CT_CANC, "cortex": CT_CORTEX, "width": 2.5}

    # CT table (patient supine: posterior at the bottom).
    table = [N(0.06 + 0.88 * k / 20, 0.975 - 0.022 * math.sin(math.pi * k / 20)) for k in range(21)]
    cv.line(table, fill=92, width=5)

    # Neck: fat rim, muscle compartments separated by fat planes, vessels, larynx.
    E(0.5, 0.52, 0.45, 0.4, fill=CT_FAT)
    E(0.5, 0.55, 0.41, 0.35, fill=CT_SOFT)
    for sx in (-1, 1):
        pts = [
            (0.5 + sx * 0.035, 0.9),
            (0.5 + sx * 0.05, 0.72),
            (0.5 + sx * 0.16, 0.64),
            (0.5 + sx * 0.3, 0.66),
            (0.5 + sx * 0.42, 0.6),
        ]
        cv.line([N(*p) for p in pts], fill=CT_FAT, width=3)  # paraspinal / trapezius planes
        cv.line(
            [N(0.5 + sx * 0.2, 0.82), N(0.5 + sx * 0.3, 0.73), N(0.5 + sx * 0.33, 0.78)],
            fill=CT_FAT,
            width=3,
        )
        E(0.5 + sx * 0.345, 0.37, 0.055, 0.12, fill=CT_FAT, angle=-sx * 25)
        E(0.5 + sx * 0.345, 0.37, 0.045, 0.108, fill=CT_SOFT + 2, angle=-sx * 25)  # SCM
        E(0.5 + sx * 0.1, 0.215, 0.05, 0.04, fill=74)  # thyroid lobe
        E(0.5 + sx * 0.215, 0.285, 0.027, 0.027, fill=CT_FAT)
        E(0.5 + sx * 0.215, 0.285, 0.022, 0.022, fill=74)  # carotid artery
        E(0.5 + sx * 0.265, 0.305, 0.032, 0.027, fill=70)  # internal jugular vein
        E(0.5 + sx * 0.06, 0.272, 0.035, 0.018, fill=CT_SOFT + 2)  # longus colli
    E(0.5, 0.17, 0.075, 0.052, fill=CT_SOFT + 4)  # larynx
    E(0.5, 0.172, 0.055, 0.038, fill=CT_AIR)
    for a0, a1 in ((200, 250), (280, 320), (340, 380)):  # patchy cartilage calcification
        arc = [
            N(0.5 + 0.066 * math.cos(math.radians(a)), 0.172 + 0.046 * math.sin(math.radians(a)))
            for a in range(a0, a1 + 1, 5)
        ]
        cv.line(arc, fill=140, width=3)

    # Spinal canal, wide and triangular (the bony ring overlaps its edges).
    canal = [
        (0.37, 0.484),
        (0.63, 0.484),
        (0.675, 0.55),
        (0.63, 0.64),
        (0.5, 0.695),
        (0.37, 0.64),
        (0.325, 0.55),
    ]
    cv.poly([N(*p) for p in smooth(canal, 2)], fill=CT_CSF)
    if after:  # laminectomy: posterior arch removed, post-operative soft tissue behind the sac
        cv.poly(
            [N(*p) for p in smooth([(0.37, 0.62), (0.63, 0.62), (0.66, 0.85), (0.34, 0.85)])],
            fill=58,
        )
        E(0.5, 0.585, 0.1, 0.08, fill=CT_CSF)
        E(0.47, 0.575, 0.058, 0.038, fill=CT_CORD)
    else:
        E(0.43, 0.55, 0.052, 0.026, fill=CT_CORD, angle=-18)  # flattened, displaced cord

    for sx in (-1, 1):
        # transverse process: anterior and posterior roots around the foramen transversarium
        tp = [
            (0.12, 0.39),
            (0.2, 0.405),
            (0.255, 0.41),
            (0.285, 0.435),
            (0.27, 0.475),
            (0.24, 0.495),
            (0.19, 0.505),
            (0.15, 0.485),
            (0.11, 0.445),
        ]
        bone(cv, [N(0.5 + sx * x, y) for x, y in smooth(tp, 3)], **bone_style)
        # pedicle
        bone(
            cv,
            tube_pts(
                N(0.5 + sx * 0.105, 0.465),
                N(0.5 + sx * 0.175, 0.52),
                [(0, 17), (0.5, 14), (1, 17)],
                0.5,
                0.5,
            ),
            **bone_style,
        )
        # lateral mass (articular pillar) with its facet joint
        pillar = rrect_pts(-0.058, -0.062, 0.058, 0.062, 0.025)
        c, s = math.cos(math.radians(sx * 18)), math.sin(math.radians(sx * 18))
        cxm = 0.5 + sx * 0.205
        bone(cv, [N(cxm + x * c - y * s, 0.575 + x * s + y * c) for x, y in pillar], **bone_style)
        cv.line([N(0.5 + sx * 0.15, 0.595), N(0.5 + sx * 0.26, 0.56)], fill=CT_SOFT, width=2)
        E(0.5 + sx * 0.205, 0.45, 0.024, 0.024, fill=CT_SOFT)  # vertebral artery in foramen
        if not after:  # lamina
            bone(
                cv,
                tube_pts(
                    N(0.5 + sx * 0.2, 0.62),
                    N(0.5 + sx * 0.015, 0.7),
                    [(0, 11), (0.5, 8), (1, 10)],
                    0.4,
                    0.4,
                ),
                **bone_style,
            )
    # vertebral body: wide oval, flat posterior surface
    body = ellipse_pts(0.5 * w, 0.385 * h, 0.14 * w, 0.105 * h)
    bone(cv, [(x, min(y, 0.482 * h)) for x, y in body], **bone_style)
    if not after:  # spinous process with a bifid tip
        bone(cv, tube_pts(N(0.5, 0.69), N(0.5, 0.785), [(0, 12), (0.6, 8), (1, 9)]), **bone_style)
        for sx in (-1, 1):
            E(
                0.5 + sx * 0.022,
                0.8,
                0.018,
                0.017,
                fill=CT_CANC,
                outline=CT_CORTEX,
                width=2.5,
                tex=255,
            )

    # Erosion of the posterior body, then the calcified mass.
    cv.poly(wobbly_ellipse_pts(rng, 0.56 * w, 0.485 * h, 0.05 * w, 0.02 * h, 0.15), fill=66)
    cx, cy = 0.56 * w, 0.58 * h
    if not after:
        ct_mass(cv, 21, cx, cy, 0.12 * w, 0.09 * h, lobules=11, blobs=85)
    else:
        ct_mass(cv, 22, cx, cy, 0.06 * w, 0.05 * h, lobules=4, blobs=22)
        heads = [N(0.325, 0.675), N(0.675, 0.675)]
        tips = [N(0.255, 0.515), N(0.745, 0.515)]
        # dark streaks between the metal objects, faint bright rays around them
        cv.blend_lines(
            [(heads[0], heads[1]), (tips[0], tips[1]), (heads[0], tips[1]), (tips[0], heads[1])],
            value=22,
            alpha=0.35,
            width=3,
        )
        rays = []
        for hx, hy in heads:
            for k in range(7):
                a = math.radians(200 + 22 * k)
                rays.append(((hx, hy), (hx + 170 * math.cos(a), hy - 170 * math.sin(a))))
        cv.blend_lines(rays, value=150, alpha=0.12, width=2)
        for head, tip in zip(heads, tips, strict=True):
            screw(cv, head, tip, width=10)
            cv.ellipse(*head, 12, 12, fill=METAL)  # rod in cross-section

    return finish(cv, 9101 + after, blur=0.8, grain=4.5, grain_blur=0.8, mottle=9.0)
