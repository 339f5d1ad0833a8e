"""Deterministic schematic illustrations for the demo case.

The demo case (uremic tumoral calcinosis of the cervical spine in a 65-year-old man with
end-stage renal disease) needs imaging-like pictures.  They are generated here with Pillow
only, as clearly schematic grayscale *illustrations* (not patient images):

* CT images: dark background, bone window (soft tissue dark grey, cancellous bone mid grey,
  cortex bright, calcium and metal white);
* radiographs: dark background, soft tissue grey, bones bright, calcium very bright.

Every image is drawn from fixed geometry plus ``random.Random(fixed_seed)`` (the noise too:
``Image.effect_noise`` is *not* reproducible, it uses the C library's ``rand()``).  There is
no text and no font, so the bytes are identical on every run.  Shapes are drawn 2x
supersampled, box-reduced, slightly blurred and given a deterministic noise texture.

Region dicts (``ImageSpec.lesion``) use normalized coordinates (0..1 of width/height, x from
the left, y from the top)::

    {"shape": "ellipse", "cx": ..., "cy": ..., "rx": ..., "ry": ...}
    {"shape": "rect", "x": ..., "y": ..., "w": ..., "h": ...}

The visible abnormality of each image is drawn inside its lesion region and fills most of it.
"""

from __future__ import annotations

import io
import math
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial

from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageOps, ImageStat

__all__ = ["ANNOTATION_DEFAULTS", "IMAGES", "ImageSpec", "render", "render_png"]

Point = tuple[float, float]

SS = 2  # supersampling factor used while drawing

# Gray levels, CT in a bone window (soft tissue dark, cancellous bone mid grey).
CT_AIR = 6
CT_FAT = 50
CT_SOFT = 64
CT_CSF = 46
CT_CORD = 74
CT_DISC = 78
CT_CANC = 124
CT_CORTEX = 212
METAL = 255
_CT_MASS = {"base": 214, "bright": 252, "septum": 196}

# Radiographs: background, then *increments* added on top of what lies below
# (overlapping structures add up, like attenuation).
XR_BG = 14
XR_SOFT = 66
XR_MEDULLA = 78
XR_CORTEX = 128
_XR_MASS = {"base": 118, "bright": 178, "septum": 140}


# --------------------------------------------------------------------------- geometry


def _ellipse_pts(
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


def _rrect_pts(x0: float, y0: float, x1: float, y1: float, r: float, n: int = 6) -> list[Point]:
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


def _smooth(pts: Sequence[Point], iterations: int = 3) -> list[Point]:
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


def _tube_pts(
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


def _wobbly_ellipse_pts(
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


def _point_in_ellipse(rng: random.Random, cx: float, cy: float, rx: float, ry: float) -> Point:
    while True:
        u, v = rng.uniform(-1, 1), rng.uniform(-1, 1)
        if u * u + v * v <= 1:
            return cx + u * rx, cy + v * ry


# --------------------------------------------------------------------------- drawing


class _Canvas:
    """Grayscale drawing surface in final-image pixel coordinates, supersampled by ``SS``.

    Besides the image it keeps a texture mask: regions drawn with ``tex=255`` (cancellous
    bone) get a trabecular mottle when the image is finished.
    """

    def __init__(self, size: tuple[int, int], fill: int = 0) -> None:
        self.size = size
        big = (size[0] * SS, size[1] * SS)
        self.img = Image.new("L", big, fill)
        self.tex = Image.new("L", big, 0)
        self._sync()

    def _sync(self) -> None:
        self._d = ImageDraw.Draw(self.img)
        self._t = ImageDraw.Draw(self.tex)

    def blank(self, fill: int = 0) -> _Canvas:
        return _Canvas(self.size, fill)

    @staticmethod
    def _scale(pts: Sequence[Point]) -> list[Point]:
        return [(x * SS, y * SS) for x, y in pts]

    def poly(
        self,
        pts: Sequence[Point],
        fill: int | None,
        outline: int | None = None,
        width: float = 0,
        tex: int = 0,
    ) -> None:
        xy = self._scale(pts)
        w = max(1, round(width * SS))
        self._d.polygon(xy, fill=fill, outline=outline, width=w)
        self._t.polygon(
            xy,
            fill=tex if fill is not None else None,
            outline=0 if outline is not None else None,
            width=w,
        )

    def ellipse(
        self,
        cx: float,
        cy: float,
        rx: float,
        ry: float,
        fill: int | None,
        outline: int | None = None,
        width: float = 0,
        tex: int = 0,
        angle: float = 0.0,
    ) -> None:
        if angle:
            self.poly(_ellipse_pts(cx, cy, rx, ry, angle), fill, outline, width, tex)
            return
        box = [(cx - rx) * SS, (cy - ry) * SS, (cx + rx) * SS, (cy + ry) * SS]
        w = max(1, round(width * SS))
        self._d.ellipse(box, fill=fill, outline=outline, width=w)
        self._t.ellipse(
            box,
            fill=tex if fill is not None else None,
            outline=0 if outline is not None else None,
            width=w,
        )

    def line(self, pts: Sequence[Point], fill: int, width: float) -> None:
        w = max(1, round(width * SS))
        self._d.line(self._scale(pts), fill=fill, width=w, joint="curve")
        self._t.line(self._scale(pts), fill=0, width=w, joint="curve")

    def add(self, layer: _Canvas, blur: float = 0.0) -> None:
        """Add ``layer`` on top (radiograph superimposition), clipping at white."""
        img = layer.img.filter(ImageFilter.GaussianBlur(blur * SS)) if blur else layer.img
        self.img = ImageChops.add(self.img, img)
        self.tex = ImageChops.lighter(self.tex, layer.tex)
        self._sync()

    def paste(self, layer: _Canvas, mask: _Canvas, blur: float = 0.0) -> None:
        """Cover with ``layer`` where ``mask`` is drawn (CT: a slice has no superimposition)."""
        img, alpha = layer.img, mask.img
        if blur:
            img = img.filter(ImageFilter.GaussianBlur(blur * SS))
            alpha = alpha.filter(ImageFilter.GaussianBlur(0.6 * blur * SS))
        self.img = Image.composite(img, self.img, alpha)
        self.tex = ImageChops.subtract(self.tex, alpha)
        self._sync()

    def blend_lines(
        self, segments: Sequence[tuple[Point, Point]], value: int, alpha: float, width: float
    ) -> None:
        """Semi-transparent straight lines (CT metal streak artefacts)."""
        mask = Image.new("L", self.img.size, 0)
        md = ImageDraw.Draw(mask)
        for a, b in segments:
            md.line(self._scale([a, b]), fill=round(255 * alpha), width=max(1, round(width * SS)))
        mask = mask.filter(ImageFilter.GaussianBlur(1.5 * SS))
        self.img = Image.composite(Image.new("L", self.img.size, value), self.img, mask)
        self._sync()


def _bone(
    cv: _Canvas, pts: Sequence[Point], medulla: int, cortex: int, width: float, tex: int = 255
) -> None:
    """Bone outline: cancellous interior (textured) with a cortical rim."""
    cv.poly(pts, fill=medulla, outline=cortex, width=width, tex=tex)


def _long_bone(
    cv: _Canvas,
    p0: Point,
    p1: Point,
    profile: Sequence[tuple[float, float]],
    *,
    cap0: float = 0.5,
    cap1: float = 0.75,
    medulla: int = XR_MEDULLA,
    cortex: int = XR_CORTEX,
) -> None:
    """Tubular bone on a radiograph: thick cortex along the shaft, thin at the ends."""
    cv.poly(_tube_pts(p0, p1, profile, cap0, cap1), fill=cortex)
    inner = []
    for t, hw in profile:
        frac = 0.38 if 0.2 <= t <= 0.8 else 0.12
        inner.append((t, max(1.0, hw - max(1.6, hw * frac))))
    inner_cap0 = cap0 * profile[0][1] / inner[0][1]
    inner_cap1 = cap1 * profile[-1][1] / inner[-1][1]
    cv.poly(_tube_pts(p0, p1, inner, inner_cap0 * 0.92, inner_cap1 * 0.92), fill=medulla, tex=255)


def _digit(
    cv: _Canvas,
    start: Point,
    direction: Point,
    segments: Sequence[tuple[float, float, float, float]],
    gap: float,
) -> Point:
    """Chain of phalanges from ``start`` along ``direction``; returns the tip point.

    Each segment is (length, base half-width, shaft half-width, head half-width).
    """
    dx, dy = direction
    norm = math.hypot(dx, dy)
    dx, dy = dx / norm, dy / norm
    x, y = start
    cap0, cap1 = 0.35, 0.6
    for length, base, shaft, head in segments:
        x0, y0 = x + dx * cap0 * base, y + dy * cap0 * base
        x1, y1 = x0 + dx * length, y0 + dy * length
        prof = [(0, base), (0.3, shaft), (0.75, shaft), (1, head)]
        _long_bone(cv, (x0, y0), (x1, y1), prof, cap0=cap0, cap1=cap1)
        x, y = x1 + dx * (cap1 * head + gap), y1 + dy * (cap1 * head + gap)
    return x, y


def _noise(size: tuple[int, int], seed: int, blur: float, std: float) -> Image.Image:
    """Deterministic gaussian-ish noise centred on 128 with standard deviation ``std``."""
    rng = random.Random(seed)
    n = size[0] * size[1]
    a = Image.frombytes("L", size, rng.randbytes(n))
    b = Image.frombytes("L", size, rng.randbytes(n))
    img = Image.blend(a, b, 0.5)  # triangular distribution, mean 127.5
    if blur:
        img = img.filter(ImageFilter.GaussianBlur(blur))
    stat = ImageStat.Stat(img)
    mean, dev = stat.mean[0], max(stat.stddev[0], 1e-6)
    gain = std / dev
    lut = [max(0, min(255, round(128 + (v - mean) * gain))) for v in range(256)]
    return img.point(lut)


def _finish(
    cv: _Canvas,
    seed: int,
    *,
    blur: float,
    grain: float,
    grain_blur: float,
    mottle: float,
) -> Image.Image:
    """Downsample, blur and add a deterministic noise texture."""
    img = cv.img.reduce(SS).filter(ImageFilter.GaussianBlur(blur))
    tex = cv.tex.reduce(SS).filter(ImageFilter.GaussianBlur(1.0))
    if mottle:
        # trabecular pattern: a coarse and a fine component
        coarse = _noise(cv.size, seed + 1, 2.2, mottle)
        fine = _noise(cv.size, seed + 3, 0.9, mottle * 0.6)
        trabecular = ImageChops.add(coarse, fine, 1.0, -128)
        img = Image.composite(ImageChops.add(img, trabecular, 1.0, -128), img, tex)
    return ImageChops.add(img, _noise(cv.size, seed + 2, grain_blur, grain), 1.0, -128)


def _calcified_mass(
    cv: _Canvas,
    mask: _Canvas | None,
    seed: int,
    cx: float,
    cy: float,
    rx: float,
    ry: float,
    *,
    lobules: int,
    blobs: int,
    base: int,
    bright: int,
    septum: int,
) -> None:
    """Lobulated, cloud-like calcified mass inside the ellipse (pixel units).

    A few large lobules (slightly less dense) are covered by many small overlapping nodules
    with thin, slightly darker rims: the amorphous, multilobulated look of tumoral
    calcinosis.  Everything stays inside the ellipse.  ``mask`` (if given) receives the
    footprint in white.
    """
    rng = random.Random(seed)
    small = min(rx, ry)
    for _ in range(lobules):
        r = rng.uniform(0.36, 0.52) * small
        x, y = _point_in_ellipse(rng, cx, cy, rx - r, ry - r)
        ry_l = r * rng.uniform(0.85, 1.0)
        cv.ellipse(x, y, r, ry_l, fill=base)
        if mask is not None:
            mask.ellipse(x, y, r, ry_l, fill=255)
    for _ in range(blobs):
        r = max(2.0, rng.uniform(0.08, 0.2) * small)
        x, y = _point_in_ellipse(rng, cx, cy, rx - r, ry - r)
        value = rng.randint(bright - 30, bright)
        cv.ellipse(x, y, r, r, fill=value, outline=septum, width=max(1.0, r / 6))
        if mask is not None:
            mask.ellipse(x, y, r, r, fill=255)


def _ct_mass(cv: _Canvas, seed: int, cx: float, cy: float, rx: float, ry: float, **kw) -> None:
    layer, mask = cv.blank(_CT_MASS["base"]), cv.blank()
    _calcified_mass(layer, mask, seed, cx, cy, rx, ry, **_CT_MASS, **kw)
    cv.paste(layer, mask, blur=0.9)


def _xr_mass(cv: _Canvas, seed: int, cx: float, cy: float, rx: float, ry: float, **kw) -> None:
    layer = cv.blank()
    _calcified_mass(layer, None, seed, cx, cy, rx, ry, **_XR_MASS, **kw)
    cv.add(layer, blur=0.9)


def _tram_track(
    cv: _Canvas,
    seed: int,
    path: Sequence[Point],
    gap: float,
    value: int,
    width: float = 1.6,
) -> None:
    """Two thin parallel interrupted lines along ``path``: calcified arterial walls."""
    rng = random.Random(seed)
    for side in (-1, 1):
        for (x0, y0), (x1, y1) in zip(path, path[1:], strict=False):
            length = math.hypot(x1 - x0, y1 - y0)
            nx, ny = -(y1 - y0) / length, (x1 - x0) / length
            t = 0.0
            while t < 1.0:
                t1 = min(1.0, t + rng.uniform(0.15, 0.45))
                ox, oy = side * nx * gap / 2, side * ny * gap / 2
                cv.line(
                    [
                        (x0 + (x1 - x0) * t + ox, y0 + (y1 - y0) * t + oy),
                        (x0 + (x1 - x0) * t1 + ox, y0 + (y1 - y0) * t1 + oy),
                    ],
                    fill=rng.randint(value - 20, value),
                    width=width,
                )
                t = t1 + rng.uniform(0.03, 0.12)


def _screw(cv: _Canvas, head: Point, tip: Point, width: float = 5.0) -> None:
    """Threaded metallic screw with a polyaxial head."""
    (hx, hy), (tx, ty) = head, tip
    length = math.hypot(tx - hx, ty - hy)
    ux, uy = (tx - hx) / length, (ty - hy) / length
    nx, ny = -uy, ux
    cv.line([head, tip], fill=METAL, width=width)
    k = width * 1.4
    while k < length - 2:
        px, py = hx + ux * k, hy + uy * k
        hw = width * 0.75
        cv.line([(px + nx * hw, py + ny * hw), (px - nx * hw, py - ny * hw)], METAL, 1.2)
        k += max(3.0, width * 0.6)
    cv.ellipse(hx, hy, width * 1.2, width * 1.2, fill=METAL)


def _soft_tissue(cv: _Canvas, polys: Sequence[Sequence[Point]], value: int) -> None:
    """Radiograph soft-tissue silhouette, fainter towards the skin (thinner there)."""
    layer = cv.blank()
    for pts in polys:
        layer.poly(pts, fill=255)
    body = layer.img.filter(ImageFilter.GaussianBlur(16 * SS))
    body = ImageChops.multiply(body, layer.img)  # keep a sharp skin line
    lut = [round(value * (0.45 + 0.55 * v / 255)) if v else 0 for v in range(256)]
    cv.img = ImageChops.add(cv.img, body.point(lut))
    cv._sync()


# --------------------------------------------------------------------------- CT sagittal

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


def _ct_sagittal(after: bool) -> Image.Image:
    """Midsagittal CT of the cervical spine, bone window, anterior to the left."""
    w, h = SAG_SIZE
    cv = _Canvas(SAG_SIZE, CT_AIR)
    rng = random.Random(5601 + after)

    def shift(y: float) -> float:  # cervical lordosis: mid-cervical spine most anterior
        return 0.035 * ((y - 0.53) / 0.45) ** 2

    def P(x: float, y: float) -> Point:
        return ((x + shift(y)) * w, y * h)

    def mapped(pts: Sequence[Point]) -> list[Point]:
        return [P(x, y) for x, y in pts]

    ys = [k / 40 for k in range(41)]
    bone = {"medulla": CT_CANC, "cortex": CT_CORTEX, "width": 2.5}

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
        cv.poly(mapped(_smooth(bed, 2)), fill=58)
        cv.poly(mapped(_rrect_pts(0.63, top + 0.02, 0.685, bottom - 0.02, 0.02)), fill=CT_CSF)

    def bump(y: float) -> float:
        return 0.0 if after else math.exp(-(((y - 0.56) / 0.045) ** 2))

    yc = [k / 100 for k in range(101)]
    cord = [(0.573 + 0.06 * bump(y), y) for y in yc]
    cord += [(0.627 + 0.02 * bump(y) + (0.008 if after else 0.0), y) for y in yc[::-1]]
    cv.poly(mapped(cord), fill=CT_CORD)

    # Skull base (clivus, occiput) and atlas.
    occiput = [(0.64, -0.02), (0.655, 0.028), (0.74, 0.036), (0.86, 0.018), (0.97, -0.02)]
    _bone(cv, mapped(_smooth(occiput, 2)), **bone)
    _bone(cv, mapped([(0.4, -0.02), (0.5, -0.02), (0.49, 0.012), (0.43, 0.018)]), **bone)
    _bone(cv, _ellipse_pts(*P(0.41, 0.085), 11, 17), **bone)  # anterior arch of C1
    _bone(cv, _ellipse_pts(*P(0.745, 0.08), 24, 13, -8), **bone)  # posterior arch of C1

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
    _bone(cv, mapped(_rrect_pts(0.445, 0.035, 0.515, 0.13, 0.03)), **bone)  # dens
    for i in range(len(_LEVELS)):
        top, bottom = _level_span(i)
        fx = front_x(i)
        body = _rrect_pts(fx, top, _POST_BODY_X, bottom, 0.012)
        _bone(cv, mapped(body), **bone)
    cv.poly(mapped(_rrect_pts(0.452, 0.1, 0.508, 0.13, 0.004)), fill=CT_CANC, tex=255)

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
        _bone(cv, _tube_pts(P(0.675, mid), P(tip_x, mid + drop), prof, 0.4, 0.7), **bone)

    # Erosion of the posterior C5/C6 corners (destroyed cortex, soft-tissue density).
    cx, cy = 0.56 * w, 0.56 * h
    cv.poly(_wobbly_ellipse_pts(rng, 0.528 * w, cy, 0.036 * w, 0.052 * h, 0.12), fill=70)

    if not after:
        _ct_mass(cv, 11, cx, cy, 0.09 * w, 0.07 * h, lobules=10, blobs=70)
    else:
        _ct_mass(cv, 12, cx, cy, 0.05 * w, 0.04 * h, lobules=4, blobs=22)
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
            _screw(cv, P(rod_x, mid), tip, width=7)

    return _finish(cv, 9001 + after, blur=0.8, grain=4.5, grain_blur=0.8, mottle=9.0)


# --------------------------------------------------------------------------- CT axial

AX_SIZE = (640, 640)


def _ct_axial(after: bool) -> Image.Image:
    """Axial CT at C5/C6, bone window, anterior at the top."""
    w, h = AX_SIZE
    cv = _Canvas(AX_SIZE, CT_AIR)
    rng = random.Random(6401 + after)

    def N(x: float, y: float) -> Point:
        return (x * w, y * h)

    def E(x: float, y: float, rx: float, ry: float, **kw) -> None:
        cv.ellipse(x * w, y * h, rx * w, ry * h, **kw)

    bone = {"medulla": CT_CANC, "cortex": CT_CORTEX, "width": 2.5}

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
    cv.poly([N(*p) for p in _smooth(canal, 2)], fill=CT_CSF)
    if after:  # laminectomy: posterior arch removed, post-operative soft tissue behind the sac
        cv.poly(
            [N(*p) for p in _smooth([(0.37, 0.62), (0.63, 0.62), (0.66, 0.85), (0.34, 0.85)])],
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
        _bone(cv, [N(0.5 + sx * x, y) for x, y in _smooth(tp, 3)], **bone)
        # pedicle
        _bone(
            cv,
            _tube_pts(
                N(0.5 + sx * 0.105, 0.465),
                N(0.5 + sx * 0.175, 0.52),
                [(0, 17), (0.5, 14), (1, 17)],
                0.5,
                0.5,
            ),
            **bone,
        )
        # lateral mass (articular pillar) with its facet joint
        pillar = _rrect_pts(-0.058, -0.062, 0.058, 0.062, 0.025)
        c, s = math.cos(math.radians(sx * 18)), math.sin(math.radians(sx * 18))
        cxm = 0.5 + sx * 0.205
        _bone(cv, [N(cxm + x * c - y * s, 0.575 + x * s + y * c) for x, y in pillar], **bone)
        cv.line([N(0.5 + sx * 0.15, 0.595), N(0.5 + sx * 0.26, 0.56)], fill=CT_SOFT, width=2)
        E(0.5 + sx * 0.205, 0.45, 0.024, 0.024, fill=CT_SOFT)  # vertebral artery in foramen
        if not after:  # lamina
            _bone(
                cv,
                _tube_pts(
                    N(0.5 + sx * 0.2, 0.62),
                    N(0.5 + sx * 0.015, 0.7),
                    [(0, 11), (0.5, 8), (1, 10)],
                    0.4,
                    0.4,
                ),
                **bone,
            )
    # vertebral body: wide oval, flat posterior surface
    body = _ellipse_pts(0.5 * w, 0.385 * h, 0.14 * w, 0.105 * h)
    _bone(cv, [(x, min(y, 0.482 * h)) for x, y in body], **bone)
    if not after:  # spinous process with a bifid tip
        _bone(cv, _tube_pts(N(0.5, 0.69), N(0.5, 0.785), [(0, 12), (0.6, 8), (1, 9)]), **bone)
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
    cv.poly(_wobbly_ellipse_pts(rng, 0.56 * w, 0.485 * h, 0.05 * w, 0.02 * h, 0.15), fill=66)
    cx, cy = 0.56 * w, 0.58 * h
    if not after:
        _ct_mass(cv, 21, cx, cy, 0.12 * w, 0.09 * h, lobules=11, blobs=85)
    else:
        _ct_mass(cv, 22, cx, cy, 0.06 * w, 0.05 * h, lobules=4, blobs=22)
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
            _screw(cv, head, tip, width=10)
            cv.ellipse(*head, 12, 12, fill=METAL)  # rod in cross-section

    return _finish(cv, 9101 + after, blur=0.8, grain=4.5, grain_blur=0.8, mottle=9.0)


# --------------------------------------------------------------------------- radiographs

RAD_SIZE = (640, 800)


def _wrist() -> Image.Image:
    """PA radiograph of the left wrist, displayed as usual: thumb and radius on the right."""
    return ImageOps.mirror(_wrist_drawn())


def _wrist_drawn() -> Image.Image:
    """The wrist drawn with the radius on the image left; _wrist mirrors it."""
    w, h = RAD_SIZE
    cv = _Canvas(RAD_SIZE, XR_BG)

    def N(x: float, y: float) -> Point:
        return (x * w, y * h)

    def S(pts: Sequence[Point], it: int = 3) -> list[Point]:
        return [N(*p) for p in _smooth(pts, it)]

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
    thumb = _tube_pts(N(0.22, 0.43), N(-0.07, 0.03), [(0, 62), (0.5, 52), (1, 48)])
    _soft_tissue(cv, [S(outline, 2), thumb], XR_SOFT)

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
    _bone(bones, S(radius, 2), width=5, **xr)
    _bone(bones, S(ulna, 2), width=5, **xr)
    # slightly less dense medullary canals of the shafts
    bones.poly(
        _tube_pts(N(0.383, 1.05), N(0.38, 0.76), [(0, 32), (1, 26)], 0.3, 1.5), fill=70, tex=255
    )
    bones.poly(
        _tube_pts(N(0.6, 1.05), N(0.596, 0.74), [(0, 17), (1, 14)], 0.3, 1.5), fill=70, tex=255
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
        _bone(bones, S(pts), width=3, **xr)
    # Metacarpals: bases at the distal carpal row, shafts diverging out of the field; thumb.
    metacarpals = [
        ((0.313, 0.338), (0.215, -0.06), 27, 18, 21),
        ((0.398, 0.333), (0.375, -0.06), 29, 18, 21),
        ((0.474, 0.338), (0.53, -0.06), 23, 15, 18),
        ((0.54, 0.352), (0.665, -0.06), 23, 16, 19),
    ]
    for p0, p1, base, shaft, head in metacarpals:
        prof = [(0, base), (0.25, shaft * 1.05), (0.6, shaft), (0.9, shaft * 1.15), (1, head)]
        _long_bone(bones, N(*p0), N(*p1), prof)
    thumb_layer = cv.blank()  # first metacarpal overlaps the trapezium slightly
    mc1_base, mc1_head = N(0.212, 0.35), N(0.085, 0.15)
    prof = [(0, 27), (0.25, 19), (0.7, 18), (1, 24)]
    _long_bone(thumb_layer, mc1_base, mc1_head, prof)
    start = (mc1_head[0] - 0.55 * 24 * 0.54, mc1_head[1] - 0.75 * 24 * 0.84)
    _digit(thumb_layer, start, (-0.54, -0.84), [(90, 22, 15, 18)], gap=9)
    cv.add(bones)
    cv.add(thumb_layer)
    over = cv.blank()  # superimposed: pisiform over the triquetrum, hook of the hamate
    over.ellipse(0.556 * w, 0.5 * h, 0.028 * w, 0.028 * w, fill=58, outline=92, width=2.5, tex=255)
    over.ellipse(0.51 * w, 0.425 * h, 0.015 * w, 0.017 * w, fill=None, outline=70, width=3.5)
    over.line([N(0.25, 0.53), N(0.35, 0.562), N(0.45, 0.575), N(0.515, 0.59)], 38, 2.5)
    cv.add(over)

    calc = cv.blank()
    _tram_track(calc, 31, [N(0.205, 1.0), N(0.215, 0.86), N(0.22, 0.74), N(0.205, 0.66)], 7, 85)
    _tram_track(calc, 32, [N(0.715, 1.0), N(0.71, 0.86), N(0.705, 0.74)], 6, 80)
    cv.add(calc, blur=0.4)
    _xr_mass(cv, 33, 0.7 * w, 0.52 * h, 0.12 * w, 0.1 * h, lobules=12, blobs=90)
    return _finish(cv, 9201, blur=1.0, grain=3.5, grain_blur=0.7, mottle=7.0)


def _foot() -> Image.Image:
    """AP radiograph of the left forefoot, toes up, great toe on the image right."""
    w, h = RAD_SIZE
    cv = _Canvas(RAD_SIZE, XR_BG)

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
    polys = [[N(*p) for p in _smooth(forefoot, 2)]]
    layers = [cv.blank(), cv.blank()]  # alternate rays: overlapping bases add up
    for k, (base, head, (hb, hs, hh), direction, phal, gap) in enumerate(rays):
        layer = layers[k % 2]
        prof = [(0, hb), (0.25, hs * 1.05), (0.6, hs), (0.88, hs * 1.15), (1, hh)]
        p0, p1 = N(*base), N(*head)
        _long_bone(layer, p0, p1, prof, cap0=0.4, cap1=0.7)
        dx, dy = direction
        norm = math.hypot(dx, dy)
        start = (p1[0] + dx / norm * (0.7 * hh + gap), p1[1] + dy / norm * (0.7 * hh + gap))
        tip = _digit(layer, start, direction, phal, gap)
        polys.append(_tube_pts(p1, tip, [(0, toe_hw[k]), (1, toe_hw[k] * 0.85)], 0.3, 0.9))
    _soft_tissue(cv, polys, XR_SOFT)

    tarsals = cv.blank()
    xr = {"medulla": XR_MEDULLA, "cortex": XR_CORTEX}
    for pts in (
        [(0.55, 0.925), (0.6, 0.912), (0.665, 0.918), (0.685, 0.96), (0.68, 1.06), (0.55, 1.06)],
        [(0.468, 0.93), (0.508, 0.924), (0.538, 0.932), (0.54, 1.06), (0.47, 1.06)],  # interm.
        [(0.398, 0.932), (0.43, 0.926), (0.46, 0.934), (0.462, 1.06), (0.4, 1.06)],  # lateral
        [(0.225, 0.985), (0.3, 0.94), (0.345, 0.936), (0.39, 0.944), (0.39, 1.06), (0.23, 1.06)],
    ):  # medial, intermediate and lateral cuneiforms, cuboid
        _bone(tarsals, [N(*p) for p in _smooth(pts, 3)], width=3, **xr)
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
    _tram_track(calc, 41, [N(0.53, 1.0), N(0.545, 0.86), N(0.555, 0.74), N(0.565, 0.64)], 6, 85)
    cv.add(calc, blur=0.4)
    _xr_mass(cv, 43, 0.66 * w, 0.40 * h, 0.12 * w, 0.09 * h, lobules=12, blobs=90)
    return _finish(cv, 9301, blur=1.0, grain=3.5, grain_blur=0.7, mottle=7.0)


# --------------------------------------------------------------------------- public API


@dataclass(frozen=True)
class ImageSpec:
    key: str
    size: tuple[int, int]  # (width, height) in pixels
    lesion: dict | None  # normalized region of the abnormality (shape dict), or None
    render: Callable[[], Image.Image]


def _ellipse(cx: float, cy: float, rx: float, ry: float) -> dict:
    return {"shape": "ellipse", "cx": cx, "cy": cy, "rx": rx, "ry": ry}


IMAGES: dict[str, ImageSpec] = {
    spec.key: spec
    for spec in (
        ImageSpec(
            "ct_sagittal_before",
            SAG_SIZE,
            _ellipse(0.56, 0.56, 0.09, 0.07),
            partial(_ct_sagittal, after=False),
        ),
        ImageSpec(
            "ct_axial_before",
            AX_SIZE,
            _ellipse(0.56, 0.58, 0.12, 0.09),
            partial(_ct_axial, after=False),
        ),
        ImageSpec(
            "ct_sagittal_after",
            SAG_SIZE,
            _ellipse(0.56, 0.56, 0.05, 0.04),
            partial(_ct_sagittal, after=True),
        ),
        ImageSpec(
            "ct_axial_after",
            AX_SIZE,
            _ellipse(0.56, 0.58, 0.06, 0.05),
            partial(_ct_axial, after=True),
        ),
        ImageSpec("wrist_radiograph", RAD_SIZE, _ellipse(0.30, 0.52, 0.12, 0.10), _wrist),
        ImageSpec("foot_radiograph", RAD_SIZE, _ellipse(0.66, 0.40, 0.12, 0.09), _foot),
    )
}


def _arrow_to(lesion: dict, angle_deg: float, length: float = 0.14, gap: float = 1.1) -> dict:
    """Arrow whose tip sits just outside the lesion ellipse, coming from ``angle_deg``.

    The angle is measured in normalized image space, 0 = from the right, 90 = from below.
    """
    a = math.radians(angle_deg)
    c, s = math.cos(a), math.sin(a)
    x2 = lesion["cx"] + gap * lesion["rx"] * c
    y2 = lesion["cy"] + gap * lesion["ry"] * s
    return {
        "type": "arrow",
        "x1": round(x2 + length * c, 3),
        "y1": round(y2 + length * s, 3),
        "x2": round(x2, 3),
        "y2": round(y2, 3),
    }


# Directions chosen so that no arrow crosses the lesion or the metalwork.
_ARROW_ANGLES = {
    "ct_sagittal_before": (-35, 180),  # posterior-superior; anterior, along the C5/C6 disc
    "ct_axial_before": (-20, 50),
    "ct_sagittal_after": (180,),  # along the C5/C6 disc (the rods lie posteriorly)
    "ct_axial_after": (90,),  # from the laminectomy bed
    "wrist_radiograph": (180, -125),
    "foot_radiograph": (10, -45),
}

ANNOTATION_DEFAULTS: dict[str, list[dict]] = {
    key: [_arrow_to(IMAGES[key].lesion, a) for a in angles] for key, angles in _ARROW_ANGLES.items()
}


def render(key: str) -> Image.Image:
    """Render the illustration ``key`` (a new grayscale image each call)."""
    return IMAGES[key].render()


def render_png(key: str) -> bytes:
    """PNG bytes of ``render(key)``: deterministic, no EXIF or text metadata."""
    img = render(key)
    img.info.clear()
    buf = io.BytesIO()
    img.save(buf, format="PNG", optimize=False, compress_level=6)
    return buf.getvalue()
