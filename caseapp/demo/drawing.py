"""Drawing the demo illustrations: gray levels, the supersampled canvas, bones, calcified
masses, metalwork and the finish (blur and a deterministic noise texture)."""

from __future__ import annotations

import math
import random
from collections.abc import Sequence

from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageStat

from .geometry import Point, ellipse_pts, point_in_ellipse, tube_pts

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


class Canvas:
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

    def blank(self, fill: int = 0) -> Canvas:
        return Canvas(self.size, fill)

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
            self.poly(ellipse_pts(cx, cy, rx, ry, angle), fill, outline, width, tex)
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

    def add(self, layer: Canvas, blur: float = 0.0) -> None:
        """Add ``layer`` on top (radiograph superimposition), clipping at white."""
        img = layer.img.filter(ImageFilter.GaussianBlur(blur * SS)) if blur else layer.img
        self.img = ImageChops.add(self.img, img)
        self.tex = ImageChops.lighter(self.tex, layer.tex)
        self._sync()

    def paste(self, layer: Canvas, mask: Canvas, blur: float = 0.0) -> None:
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


def bone(
    cv: Canvas, pts: Sequence[Point], medulla: int, cortex: int, width: float, tex: int = 255
) -> None:
    """Bone outline: cancellous interior (textured) with a cortical rim."""
    cv.poly(pts, fill=medulla, outline=cortex, width=width, tex=tex)


def long_bone(
    cv: Canvas,
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
    cv.poly(tube_pts(p0, p1, profile, cap0, cap1), fill=cortex)
    inner = []
    for t, hw in profile:
        frac = 0.38 if 0.2 <= t <= 0.8 else 0.12
        inner.append((t, max(1.0, hw - max(1.6, hw * frac))))
    inner_cap0 = cap0 * profile[0][1] / inner[0][1]
    inner_cap1 = cap1 * profile[-1][1] / inner[-1][1]
    cv.poly(tube_pts(p0, p1, inner, inner_cap0 * 0.92, inner_cap1 * 0.92), fill=medulla, tex=255)


def digit(
    cv: Canvas,
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
        long_bone(cv, (x0, y0), (x1, y1), prof, cap0=cap0, cap1=cap1)
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


def finish(
    cv: Canvas,
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
    cv: Canvas,
    mask: Canvas | None,
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
        x, y = point_in_ellipse(rng, cx, cy, rx - r, ry - r)
        ry_l = r * rng.uniform(0.85, 1.0)
        cv.ellipse(x, y, r, ry_l, fill=base)
        if mask is not None:
            mask.ellipse(x, y, r, ry_l, fill=255)
    for _ in range(blobs):
        r = max(2.0, rng.uniform(0.08, 0.2) * small)
        x, y = point_in_ellipse(rng, cx, cy, rx - r, ry - r)
        value = rng.randint(bright - 30, bright)
        cv.ellipse(x, y, r, r, fill=value, outline=septum, width=max(1.0, r / 6))
        if mask is not None:
            mask.ellipse(x, y, r, r, fill=255)


def ct_mass(cv: Canvas, seed: int, cx: float, cy: float, rx: float, ry: float, **kw) -> None:
    layer, mask = cv.blank(_CT_MASS["base"]), cv.blank()
    _calcified_mass(layer, mask, seed, cx, cy, rx, ry, **_CT_MASS, **kw)
    cv.paste(layer, mask, blur=0.9)


def xr_mass(cv: Canvas, seed: int, cx: float, cy: float, rx: float, ry: float, **kw) -> None:
    layer = cv.blank()
    _calcified_mass(layer, None, seed, cx, cy, rx, ry, **_XR_MASS, **kw)
    cv.add(layer, blur=0.9)


def tram_track(
    cv: Canvas,
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


def screw(cv: Canvas, head: Point, tip: Point, width: float = 5.0) -> None:
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


def soft_tissue(cv: Canvas, polys: Sequence[Sequence[Point]], value: int) -> None:
    """Radiograph soft-tissue silhouette, fainter towards the skin (thinner there)."""
    layer = cv.blank()
    for pts in polys:
        layer.poly(pts, fill=255)
    body = layer.img.filter(ImageFilter.GaussianBlur(16 * SS))
    body = ImageChops.multiply(body, layer.img)  # keep a sharp skin line
    lut = [round(value * (0.45 + 0.55 * v / 255)) if v else 0 for v in range(256)]
    cv.img = ImageChops.add(cv.img, body.point(lut))
    cv._sync()
