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
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from PIL import Image

from .ct import AX_SIZE, SAG_SIZE, ct_axial, ct_sagittal
from .radiographs import RAD_SIZE, foot, wrist

__all__ = ["ANNOTATION_DEFAULTS", "IMAGES", "ImageSpec", "render", "render_png"]


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
            partial(ct_sagittal, after=False),
        ),
        ImageSpec(
            "ct_axial_before",
            AX_SIZE,
            _ellipse(0.56, 0.58, 0.12, 0.09),
            partial(ct_axial, after=False),
        ),
        ImageSpec(
            "ct_sagittal_after",
            SAG_SIZE,
            _ellipse(0.56, 0.56, 0.05, 0.04),
            partial(ct_sagittal, after=True),
        ),
        ImageSpec(
            "ct_axial_after",
            AX_SIZE,
            _ellipse(0.56, 0.58, 0.06, 0.05),
            partial(ct_axial, after=True),
        ),
        ImageSpec("wrist_radiograph", RAD_SIZE, _ellipse(0.30, 0.52, 0.12, 0.10), wrist),
        ImageSpec("foot_radiograph", RAD_SIZE, _ellipse(0.66, 0.40, 0.12, 0.09), foot),
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
