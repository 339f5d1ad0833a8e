"""Tests for caseapp.demo.images: generated, deterministic demo-case illustrations."""

import hashlib
import io
import math
import os
import subprocess
import sys
from functools import cache

import pytest
from PIL import Image, ImageChops, ImageDraw, ImageStat

from caseapp.demo.images import ANNOTATION_DEFAULTS, IMAGES, render, render_png

KEYS = list(IMAGES)
BEFORE_KEYS = ["ct_sagittal_before", "ct_axial_before", "wrist_radiograph", "foot_radiograph"]
AFTER_PAIRS = [
    ("ct_sagittal_before", "ct_sagittal_after"),
    ("ct_axial_before", "ct_axial_after"),
]


def _ellipse_mask(size, lesion, scale_out, scale_in=0.0):
    """Mask of the lesion ellipse scaled by ``scale_out``, minus the one scaled by ``scale_in``."""
    w, h = size
    mask = Image.new("L", size, 0)
    draw = ImageDraw.Draw(mask)

    def box(s):
        return [
            (lesion["cx"] - lesion["rx"] * s) * w,
            (lesion["cy"] - lesion["ry"] * s) * h,
            (lesion["cx"] + lesion["rx"] * s) * w,
            (lesion["cy"] + lesion["ry"] * s) * h,
        ]

    draw.ellipse(box(scale_out), fill=255)
    if scale_in:
        draw.ellipse(box(scale_in), fill=0)
    return mask


def _png_chunk_types(data):
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, types = 8, []
    while pos < len(data):
        length = int.from_bytes(data[pos : pos + 4], "big")
        types.append(data[pos + 4 : pos + 8])
        pos += 12 + length
    assert pos == len(data)
    return types


@cache
def _gray(key):
    """Rendered once per test session; callers only read it."""
    return render(key).convert("L")


@cache
def _png(key):
    return render_png(key)


def _bright_pixels(img, mask, threshold=230):
    bright = img.point(lambda v: 255 if v >= threshold else 0)
    return ImageChops.multiply(bright, mask).histogram()[255]


def test_there_are_exactly_the_six_demo_images():
    assert set(KEYS) == {
        "ct_sagittal_before",
        "ct_axial_before",
        "ct_sagittal_after",
        "ct_axial_after",
        "wrist_radiograph",
        "foot_radiograph",
    }
    for key, spec in IMAGES.items():
        assert spec.key == key


@pytest.mark.parametrize("key", KEYS)
def test_every_image_renders_at_its_declared_size_in_grayscale_or_rgb(key):
    img = IMAGES[key].render()
    assert img.size == IMAGES[key].size
    assert img.mode in ("L", "RGB")


def test_declared_sizes_match_the_brief():
    sizes = {key: spec.size for key, spec in IMAGES.items()}
    assert sizes == {
        "ct_sagittal_before": (560, 720),
        "ct_axial_before": (640, 640),
        "ct_sagittal_after": (560, 720),
        "ct_axial_after": (640, 640),
        "wrist_radiograph": (640, 800),
        "foot_radiograph": (640, 800),
    }


def test_lesion_regions_keep_the_coordinates_used_by_hotspots_and_arrows():
    expected = {
        "ct_sagittal_before": (0.56, 0.56, 0.09, 0.07),
        "ct_axial_before": (0.56, 0.58, 0.12, 0.09),
        "ct_sagittal_after": (0.56, 0.56, 0.05, 0.04),
        "ct_axial_after": (0.56, 0.58, 0.06, 0.05),
        "wrist_radiograph": (0.30, 0.52, 0.12, 0.10),
        "foot_radiograph": (0.66, 0.40, 0.12, 0.09),
    }
    for key, (cx, cy, rx, ry) in expected.items():
        assert IMAGES[key].lesion == {"shape": "ellipse", "cx": cx, "cy": cy, "rx": rx, "ry": ry}


@pytest.mark.parametrize("key", KEYS)
def test_rendering_twice_gives_identical_bytes(key):
    assert render(key).tobytes() == render(key).tobytes()
    assert render_png(key) == _png(key)


def test_png_bytes_are_identical_in_a_fresh_interpreter():
    """No hash-seed, process or state dependence (Image.effect_noise would fail this)."""
    script = (
        "import hashlib, django\n"
        "django.setup()\n"
        "from caseapp.demo import images\n"
        "for key in images.IMAGES:\n"
        "    print(key, hashlib.sha256(images.render_png(key)).hexdigest())\n"
    )
    env = dict(os.environ, PYTHONHASHSEED="12345", DJANGO_SETTINGS_MODULE="tests.settings")
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, check=True
    ).stdout
    fresh = dict(line.split() for line in out.splitlines())
    here = {key: hashlib.sha256(_png(key)).hexdigest() for key in KEYS}
    assert fresh == here


@pytest.mark.parametrize("key", KEYS)
def test_lesion_is_clearly_brighter_than_a_same_size_ring_around_it(key):
    img = _gray(key)
    lesion = IMAGES[key].lesion
    inside = ImageStat.Stat(img, _ellipse_mask(img.size, lesion, 1.0)).mean[0]
    # the ring between scale 1 and sqrt(2) has the same area as the lesion ellipse
    ring = ImageStat.Stat(img, _ellipse_mask(img.size, lesion, math.sqrt(2), 1.0)).mean[0]
    margin = 60 if key in BEFORE_KEYS else 40
    assert inside > ring + margin, (inside, ring)


@pytest.mark.parametrize("key", BEFORE_KEYS)
def test_before_lesion_contains_a_large_very_bright_calcified_area(key):
    img = _gray(key)
    mask = _ellipse_mask(img.size, IMAGES[key].lesion, 1.0)
    area = mask.histogram()[255]
    assert _bright_pixels(img, mask) > 0.2 * area


@pytest.mark.parametrize(("before", "after"), AFTER_PAIRS)
def test_after_ct_has_a_much_smaller_bright_area_than_before(before, after):
    lesion = IMAGES[before].lesion
    before_img, after_img = _gray(before), _gray(after)
    mask = _ellipse_mask(before_img.size, lesion, 1.0)
    n_before = _bright_pixels(before_img, mask)
    n_after = _bright_pixels(after_img, mask)
    assert n_before > 0
    assert n_after < 0.6 * n_before, (n_after, n_before)


@pytest.mark.parametrize(("before", "after"), AFTER_PAIRS)
def test_after_ct_lesion_is_about_a_third_of_the_before_lesion_area_at_the_same_centre(
    before, after
):
    b, a = IMAGES[before].lesion, IMAGES[after].lesion
    assert (a["cx"], a["cy"]) == (b["cx"], b["cy"])
    ratio = (a["rx"] * a["ry"]) / (b["rx"] * b["ry"])
    assert 0.25 < ratio < 0.4


@pytest.mark.parametrize("key", KEYS)
def test_render_png_has_no_exif_or_text_metadata(key):
    data = _png(key)
    assert set(_png_chunk_types(data)) <= {b"IHDR", b"IDAT", b"IEND"}
    img = Image.open(io.BytesIO(data))
    img.load()
    assert img.size == IMAGES[key].size
    assert img.info == {}
    assert img.text == {}
    assert dict(img.getexif()) == {}


@pytest.mark.parametrize("key", KEYS)
def test_default_arrows_point_at_the_lesion_from_just_outside_it(key):
    arrows = ANNOTATION_DEFAULTS[key]
    assert 1 <= len(arrows) <= 2
    lesion = IMAGES[key].lesion

    def scale(x, y):  # 1.0 on the ellipse edge
        return math.hypot((x - lesion["cx"]) / lesion["rx"], (y - lesion["cy"]) / lesion["ry"])

    for arrow in arrows:
        assert set(arrow) == {"type", "x1", "y1", "x2", "y2"}
        assert arrow["type"] == "arrow"
        for coord in ("x1", "y1", "x2", "y2"):
            assert 0.0 <= arrow[coord] <= 1.0
        tip = scale(arrow["x2"], arrow["y2"])
        assert 1.0 < tip < 1.3
        assert scale(arrow["x1"], arrow["y1"]) > tip + 0.5
        assert math.hypot(arrow["x1"] - arrow["x2"], arrow["y1"] - arrow["y2"]) > 0.08


def test_before_images_get_two_arrows_and_after_images_one():
    assert len(ANNOTATION_DEFAULTS["ct_sagittal_before"]) == 2
    assert len(ANNOTATION_DEFAULTS["ct_axial_before"]) == 2
    assert len(ANNOTATION_DEFAULTS["ct_sagittal_after"]) == 1
    assert len(ANNOTATION_DEFAULTS["ct_axial_after"]) == 1


def test_unknown_key_raises_key_error():
    with pytest.raises(KeyError):
        render("no_such_image")
