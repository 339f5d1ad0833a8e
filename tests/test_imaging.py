"""Tests for caseapp.imaging: upload validation, metadata stripping and WebP renditions."""

import io
import random
import struct
import time
import warnings
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image, ImageCms, ImageFile, WebPImagePlugin
from PIL.PngImagePlugin import PngInfo

from caseapp.imaging import (
    MAX_UPLOAD_BYTES,
    CleanImage,
    ImageRejected,
    clean_upload,
    rendition_widths,
    renditions,
)

NOT_AN_IMAGE = "This file is not an image in JPEG, PNG or WebP format."
DAMAGED = "This image file is damaged or incomplete."
TOO_MANY_PIXELS = "This image has too many pixels; the limit is 25 megapixels."
SECRET = "Jane Doe"
SRGB_ICC = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
RED, BLUE = (230, 20, 20), (20, 20, 230)


# --------------------------------------------------------------------------- helpers


def _encode(im, fmt, **params):
    out = io.BytesIO()
    im.save(out, fmt, **params)
    return out.getvalue()


def _noise(size, mode="RGB", seed=0):
    data = random.Random(seed).randbytes(size[0] * size[1] * Image.getmodebands(mode))
    return Image.frombytes(mode, size, data)


def _marked(size=(64, 32)):
    """Blue, with a red 16×16 marker in the top-left corner (as stored)."""
    im = Image.new("RGB", size, BLUE)
    im.paste(RED, (0, 0, 16, 16))
    return im


def _colour(im, xy):
    r, _, b = im.convert("RGB").getpixel(xy)
    return "red" if r > b else "blue"


def _exif(orientation=1):
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.Base.ImageDescription] = f"Patient: {SECRET}, MRN 123456"
    exif[ExifTags.Base.Artist] = "Dr Example, Ward 7"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (48.0, 51.0, 24.0)
    return exif


def _s15(value):
    return struct.pack(">i", round(value * 65536))


def _xyz(x, y, z):
    return b"XYZ " + bytes(4) + _s15(x) + _s15(y) + _s15(z)


def _swapped_primaries_icc():
    """A minimal ICC v2 display profile whose red and green primaries are sRGB's green and red."""
    desc = b"swapped\x00"
    gamma = b"curv" + bytes(4) + struct.pack(">IH", 1, 0x0233) + bytes(2)  # gamma 2.2
    tags = [
        (b"desc", b"desc" + bytes(4) + struct.pack(">I", len(desc)) + desc + bytes(79)),
        (b"wtpt", _xyz(0.9642, 1.0, 0.8249)),
        (b"rXYZ", _xyz(0.3851, 0.7169, 0.0971)),
        (b"gXYZ", _xyz(0.4361, 0.2225, 0.0139)),
        (b"bXYZ", _xyz(0.1431, 0.0606, 0.7141)),
        (b"rTRC", gamma),
        (b"gTRC", gamma),
        (b"bTRC", gamma),
    ]
    offset = 128 + 4 + 12 * len(tags)
    table, body = b"", b""
    for signature, data in tags:
        data += bytes(-len(data) % 4)
        table += signature + struct.pack(">II", offset + len(body), len(data))
        body += data
    header = (
        struct.pack(">I", offset + len(body))
        + bytes(4)
        + b"\x02\x10\x00\x00mntrRGB XYZ "
        + bytes(12)
        + b"acsp"
        + bytes(28)
        + _s15(0.9642)
        + _s15(1.0)
        + _s15(0.8249)
        + bytes(48)
    )
    return header + struct.pack(">I", len(tags)) + table + body


def _png_declaring(width, height):
    """A 1×1 PNG whose IHDR claims another size (with a valid CRC): a decompression bomb."""
    data = bytearray(_encode(Image.new("1", (1, 1)), "PNG"))
    assert data[12:16] == b"IHDR"
    data[16:20] = width.to_bytes(4, "big")
    data[20:24] = height.to_bytes(4, "big")
    data[29:33] = zlib.crc32(data[12:29]).to_bytes(4, "big")
    return bytes(data)


def _webp_declaring(width, height):
    """A tiny animated WebP whose canvas (VP8X) claims another size."""
    frames = [Image.new("RGB", (16, 16), colour) for colour in (RED, BLUE)]
    data = bytearray(_encode(frames[0], "WEBP", save_all=True, append_images=frames[1:]))
    assert data[12:16] == b"VP8X"
    data[24:27] = (width - 1).to_bytes(3, "little")
    data[27:30] = (height - 1).to_bytes(3, "little")
    return bytes(data)


def _png_chunks(data):
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, types = 8, []
    while pos < len(data):
        length = int.from_bytes(data[pos : pos + 4], "big")
        types.append(data[pos + 4 : pos + 8])
        pos += 12 + length
    return types


def _webp_chunks(data):
    assert data[:4] == b"RIFF" and data[8:12] == b"WEBP"
    pos, types = 12, []
    while pos < len(data):
        length = int.from_bytes(data[pos + 4 : pos + 8], "little")
        types.append(data[pos : pos + 4])
        pos += 8 + length + length % 2
    return types


def _jpeg_markers(data):
    """Markers up to the first scan, where all JPEG metadata segments live."""
    assert data[:2] == b"\xff\xd8"
    pos, markers = 2, []
    while data[pos + 1] != 0xDA:
        markers.append(data[pos + 1])
        pos += 2 + int.from_bytes(data[pos + 2 : pos + 4], "big")
    return markers


def _assert_no_metadata(data):
    assert SECRET.encode() not in data
    with Image.open(io.BytesIO(data)) as im:
        assert not im.getexif()
        assert not {"exif", "icc_profile", "xmp", "comment", "XML:com.adobe.xmp"} & set(im.info)
        fmt = im.format
    if fmt == "JPEG":
        # APP0 (JFIF) carries only a pixel density; APPn and COM could carry anything.
        assert [m for m in _jpeg_markers(data) if 0xE1 <= m <= 0xEF or m == 0xFE] == []
    elif fmt == "PNG":
        assert set(_png_chunks(data)) <= {b"IHDR", b"PLTE", b"tRNS", b"IDAT", b"IEND"}
    else:
        assert set(_webp_chunks(data)) <= {b"VP8 ", b"VP8L", b"VP8X", b"ALPH"}


def _refusal(data, **kwargs):
    with pytest.raises(ImageRejected) as excinfo:
        clean_upload(io.BytesIO(data), **kwargs)
    return str(excinfo.value)


def _clean(im, fmt, **params):
    return clean_upload(_encode(im, fmt, **params))


def _open(content):
    im = Image.open(io.BytesIO(content))
    im.load()
    return im


class _Unreadable(io.BytesIO):
    """A file whose content must not be read."""

    def read(self, *args):
        raise AssertionError("the content was read")


# --------------------------------------------------------------------------- metadata


def test_jpeg_metadata_is_removed_entirely():
    upload = _encode(
        _marked(),
        "JPEG",
        exif=_exif(),
        icc_profile=SRGB_ICC,
        comment=f"Patient {SECRET}",
        xmp=f"<x:xmpmeta><dc:creator>{SECRET}</dc:creator></x:xmpmeta>".encode(),
    )
    with Image.open(io.BytesIO(upload)) as original:
        assert original.getexif().get_ifd(ExifTags.IFD.GPSInfo)
        assert {"exif", "icc_profile", "comment", "xmp"} <= set(original.info)

    clean = clean_upload(upload)

    assert clean.format == "JPEG"
    _assert_no_metadata(clean.content)


def test_jpeg_with_orientation_6_is_stored_upright():
    clean = _clean(_marked((64, 32)), "JPEG", exif=_exif(orientation=6))

    assert (clean.width, clean.height) == (32, 64)
    im = _open(clean.content)
    assert im.size == (32, 64)
    assert _colour(im, (32 - 8, 8)) == "red"  # the stored top-left is now the top-right
    assert _colour(im, (8, 8)) == "blue"
    assert _colour(im, (8, 56)) == "blue"
    _assert_no_metadata(clean.content)


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
@pytest.mark.parametrize(
    ("orientation", "size", "marker"),
    [
        (1, (64, 32), (8, 8)),
        (3, (64, 32), (56, 24)),
        (6, (32, 64), (24, 8)),
        (8, (32, 64), (8, 56)),
    ],
)
def test_exif_orientation_is_applied_to_the_pixels(fmt, orientation, size, marker):
    clean = _clean(_marked((64, 32)), fmt, exif=_exif(orientation))

    im = _open(clean.content)
    assert im.size == (clean.width, clean.height) == size
    assert _colour(im, marker) == "red"
    assert _colour(im, (size[0] - 1 - marker[0], size[1] - 1 - marker[1])) == "blue"
    _assert_no_metadata(clean.content)


def test_png_text_chunks_icc_and_exif_are_removed():
    info = PngInfo()
    info.add_text("Patient", SECRET)
    info.add_text("Comment", f"MRN 123456 {SECRET}", zip=True)
    info.add_itxt("Description", f"{SECRET}, 65", lang="en")
    upload = _encode(_marked(), "PNG", pnginfo=info, icc_profile=SRGB_ICC, exif=_exif())
    assert {b"tEXt", b"zTXt", b"iTXt", b"iCCP", b"eXIf"} <= set(_png_chunks(upload))

    clean = clean_upload(upload)

    assert clean.format == "PNG"
    assert _png_chunks(clean.content) == [b"IHDR", b"IDAT", b"IEND"]
    _assert_no_metadata(clean.content)


def test_webp_exif_xmp_and_icc_are_removed():
    upload = _encode(
        _marked(),
        "WEBP",
        exif=_exif(),
        icc_profile=SRGB_ICC,
        xmp=f"<x:xmpmeta>{SECRET}</x:xmpmeta>".encode(),
    )
    assert {b"EXIF", b"ICCP", b"XMP "} <= set(_webp_chunks(upload))

    clean = clean_upload(upload)

    assert clean.format == "WEBP"
    _assert_no_metadata(clean.content)


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_pixels_are_converted_to_srgb_before_the_profile_is_dropped(fmt):
    upload = Image.new("RGB", (32, 32), (255, 0, 0))  # "red" means sRGB green in this profile

    clean = _clean(upload, fmt, icc_profile=_swapped_primaries_icc())

    r, g, b = _open(clean.content).getpixel((16, 16))
    assert g > 240 and r < 15 and b < 15
    _assert_no_metadata(clean.content)


def test_srgb_profile_leaves_colours_unchanged():
    clean = _clean(Image.new("RGB", (32, 32), (200, 120, 40)), "PNG", icc_profile=SRGB_ICC)

    r, g, b = _open(clean.content).getpixel((16, 16))
    assert abs(r - 200) <= 2 and abs(g - 120) <= 2 and abs(b - 40) <= 2
    _assert_no_metadata(clean.content)


def test_unreadable_icc_profile_is_dropped_and_the_image_kept():
    clean = _clean(_marked(), "JPEG", icc_profile=b"not a profile" * 8)

    assert _colour(_open(clean.content), (8, 8)) == "red"
    _assert_no_metadata(clean.content)


# --------------------------------------------------------------------------- formats


@pytest.mark.parametrize(("fmt", "extension"), [("JPEG", "jpg"), ("PNG", "png"), ("WEBP", "webp")])
def test_valid_image_round_trips_to_its_own_format(fmt, extension):
    clean = _clean(_noise((120, 80)), fmt)

    assert isinstance(clean, CleanImage)
    assert (clean.format, clean.extension, clean.width, clean.height) == (fmt, extension, 120, 80)
    assert _open(clean.content).format == fmt


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_cleaning_is_deterministic(fmt):
    upload = _encode(_noise((200, 150)), fmt, exif=_exif(orientation=6))

    first, second = clean_upload(upload), clean_upload(io.BytesIO(upload))

    assert first == second
    assert renditions(first) == renditions(second)


@pytest.mark.parametrize("mode", ["1", "L", "LA", "I;16", "P", "RGB", "RGBA"])
def test_png_keeps_its_mode(mode):
    clean = _clean(_noise((40, 30), mode="RGB").convert(mode), "PNG")

    assert _open(clean.content).mode == mode


def test_png_palette_transparency_is_kept():
    im = Image.new("P", (32, 32), 1)
    im.putpalette([0, 0, 0, 255, 0, 0])

    clean = _clean(im, "PNG", transparency=0)

    result = _open(clean.content)
    assert result.mode == "P"
    assert result.info["transparency"] == 0


def test_sixteen_bit_png_keeps_its_depth():
    im = Image.new("I;16", (32, 32), 40000)

    clean = _clean(im, "PNG")

    assert _open(clean.content).getpixel((5, 5)) == 40000


def test_cmyk_jpeg_is_stored_as_rgb():
    clean = _clean(Image.new("CMYK", (32, 32), (0, 255, 255, 0)), "JPEG")

    result = _open(clean.content)
    assert result.mode == "RGB"
    assert _colour(result, (16, 16)) == "red"


def test_lossless_webp_stays_lossless():
    upload = _noise((64, 48))

    clean = _clean(upload, "WEBP", lossless=True)

    assert b"VP8L" in _webp_chunks(clean.content)
    assert _open(clean.content).tobytes() == upload.tobytes()


def test_lossy_webp_is_reencoded_lossy():
    clean = _clean(_noise((64, 48)), "WEBP", quality=80)

    assert _webp_chunks(clean.content) == [b"VP8 "]


@pytest.mark.parametrize(("fmt", "stored"), [("PNG", "PNG"), ("MPO", "JPEG")])
def test_multi_frame_image_keeps_its_first_frame(fmt, stored):
    first, second = Image.new("RGB", (32, 32), RED), Image.new("RGB", (32, 32), BLUE)

    clean = _clean(first, fmt, save_all=True, append_images=[second])

    assert clean.format == stored
    result = _open(clean.content)
    assert getattr(result, "n_frames", 1) == 1
    assert _colour(result, (16, 16)) == "red"
    _assert_no_metadata(clean.content)


def test_bytes_and_django_uploads_are_accepted():
    data = _encode(_noise((40, 30)), "PNG")
    upload = SimpleUploadedFile("scan.png", data, content_type="image/png")

    assert clean_upload(upload, size=upload.size) == clean_upload(data)


# --------------------------------------------------------------------------- refusals


def _named(data, name):
    fileobj = io.BytesIO(data)
    fileobj.name = name
    return fileobj


def _half(data):
    return data[: len(data) // 2]


def _other_format(name, fmt, **params):
    message = f"This image is in {name} format; only JPEG, PNG and WebP images are accepted."
    return pytest.param(lambda: _encode(_noise((32, 32)), fmt, **params), message, id=name)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        pytest.param(lambda: b"Patient list\nJane Doe, 65\n", NOT_AN_IMAGE, id="text"),
        pytest.param(
            lambda: (
                b'<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64">'
                b'<rect width="64" height="64" fill="red"/></svg>'
            ),
            NOT_AN_IMAGE,
            id="svg",
        ),
        pytest.param(
            lambda: b"<!DOCTYPE html><html><body>x</body></html>", NOT_AN_IMAGE, id="html"
        ),
        pytest.param(lambda: b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", NOT_AN_IMAGE, id="pdf"),
        pytest.param(lambda: random.Random(7).randbytes(4096), NOT_AN_IMAGE, id="random-bytes"),
        pytest.param(lambda: _half(_encode(_noise((256, 256)), "PNG")), DAMAGED, id="half-png"),
        pytest.param(lambda: _half(_encode(_noise((256, 256)), "JPEG")), DAMAGED, id="half-jpeg"),
        pytest.param(lambda: _half(_encode(_noise((256, 256)), "WEBP")), DAMAGED, id="half-webp"),
        pytest.param(lambda: b"\x89PNG\r\n\x1a\n" + b"garbage" * 20, DAMAGED, id="png-signature"),
        _other_format("GIF", "GIF"),
        _other_format("BMP", "BMP"),
        _other_format("TIFF", "TIFF"),
        _other_format("ICO", "ICO", sizes=[(32, 32)]),
        pytest.param(
            lambda: b"\x00\x00\x00\x18ftypheic" + bytes(200),
            "This image is in HEIC format; only JPEG, PNG and WebP images are accepted.",
            id="heic",
        ),
        pytest.param(
            lambda: bytes(128) + b"DICM" + bytes(200),
            "This image is in DICOM format; only JPEG, PNG and WebP images are accepted.",
            id="dicom",
        ),
        pytest.param(
            lambda: _encode(Image.new("RGB", (8, 8)), "PNG"),
            "This image is too small (8 × 8 pixels); each side must be at least 16 pixels.",
            id="8x8",
        ),
        pytest.param(
            lambda: _encode(Image.new("RGB", (400, 15)), "JPEG"),
            "This image is too small (400 × 15 pixels); each side must be at least 16 pixels.",
            id="400x15",
        ),
    ],
)
def test_unusable_upload_is_refused_with_a_message(make, message):
    with pytest.raises(ImageRejected) as excinfo:
        clean_upload(_named(make(), "scan.png"))

    assert str(excinfo.value) == message
    assert isinstance(excinfo.value, ValueError)


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "WEBP"])
@pytest.mark.parametrize("fraction", [0.05, 0.3, 0.6, 0.95])
def test_any_truncation_is_refused_as_damaged(fmt, fraction):
    data = _encode(_noise((128, 96)), fmt)

    assert _refusal(data[: int(len(data) * fraction)]) == DAMAGED


def test_truncated_image_is_refused_even_if_pillow_is_told_to_accept_them(monkeypatch):
    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)

    assert _refusal(_half(_encode(_noise((256, 256)), "JPEG"))) == DAMAGED
    assert ImageFile.LOAD_TRUNCATED_IMAGES is True


def test_smallest_side_is_accepted():
    clean = _clean(Image.new("L", (16, 16)), "PNG")

    assert (clean.width, clean.height) == (16, 16)


def test_empty_file_is_refused():
    assert _refusal(b"") == "This file is empty."
    assert _refusal(b"", size=0) == "This file is empty."


def test_declared_size_above_limit_is_refused_before_reading():
    upload = _Unreadable(_encode(_noise((32, 32)), "PNG"))

    with pytest.raises(ImageRejected, match=r"^This image is larger than 15 MB\.$"):
        clean_upload(upload, size=MAX_UPLOAD_BYTES + 1)


def test_measured_size_above_limit_is_refused_without_reading():
    upload = _Unreadable(bytes(MAX_UPLOAD_BYTES + 1))

    with pytest.raises(ImageRejected, match=r"^This image is larger than 15 MB\.$"):
        clean_upload(upload)


def test_declared_size_at_limit_is_accepted():
    data = _encode(_noise((32, 32)), "PNG")

    assert clean_upload(io.BytesIO(data), size=MAX_UPLOAD_BYTES).format == "PNG"


@pytest.fixture
def no_decoding(monkeypatch):
    """Make any attempt to decode pixels fail the test."""

    def decode(self):
        raise AssertionError("pixels were decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", decode)
    monkeypatch.setattr(WebPImagePlugin.WebPImageFile, "load", decode)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        pytest.param(_png_declaring(30000, 30000), TOO_MANY_PIXELS, id="png-900-megapixels"),
        pytest.param(_png_declaring(10000, 10000), TOO_MANY_PIXELS, id="png-100-megapixels"),
        pytest.param(
            _png_declaring(6000, 5000),
            "This image has too many pixels (6000 × 5000); the limit is 25 megapixels.",
            id="png-30-megapixels",
        ),
        pytest.param(
            _png_declaring(5000, 5001),
            "This image has too many pixels (5000 × 5001); the limit is 25 megapixels.",
            id="png-just-over",
        ),
        pytest.param(
            _webp_declaring(6000, 5000),
            "This image has too many pixels (6000 × 5000); the limit is 25 megapixels.",
            id="webp-canvas",
        ),
        pytest.param(_webp_declaring(16383, 16383), TOO_MANY_PIXELS, id="webp-largest-canvas"),
    ],
)
def test_decompression_bomb_is_refused_before_decoding(no_decoding, data, message):
    max_image_pixels = Image.MAX_IMAGE_PIXELS
    filters = list(warnings.filters)
    started = time.perf_counter()

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert _refusal(data) == message

    assert time.perf_counter() - started < 1
    assert caught == []  # Pillow's DecompressionBombWarning became the refusal
    assert Image.MAX_IMAGE_PIXELS == max_image_pixels
    assert warnings.filters == filters


def test_image_at_pixel_limit_is_not_refused_for_its_size():
    # Declares exactly 25 megapixels but holds one pixel: it passes the size check and
    # only fails when decoded, without building a 25-megapixel image here.
    assert _refusal(_png_declaring(5000, 5000)) == DAMAGED


# --------------------------------------------------------------------------- renditions


@pytest.mark.parametrize(
    ("width", "expected"),
    [
        (16, [16]),
        (300, [300]),
        (480, [480]),
        (481, [480, 481]),
        (1000, [480, 960, 1000]),
        (1600, [480, 960, 1600]),
        (1601, [480, 960, 1600]),
        (5000, [480, 960, 1600]),
    ],
)
def test_rendition_widths_never_exceed_the_source(width, expected):
    assert rendition_widths(width) == expected


@pytest.mark.parametrize(
    ("size", "expected"),
    [
        ((2000, 1000), [(480, 240), (960, 480), (1600, 800)]),
        ((1000, 750), [(480, 360), (960, 720), (1000, 750)]),
        ((1000, 333), [(480, 160), (960, 320), (1000, 333)]),
        ((300, 200), [(300, 200)]),
        ((700, 1400), [(480, 960), (700, 1400)]),
    ],
)
def test_renditions_have_expected_sizes(size, expected):
    clean = _clean(_noise(size), "JPEG")

    result = renditions(clean)

    assert [(r.width, r.height) for r in result] == expected
    for rendition in result:
        im = _open(rendition.content)
        assert im.format == "WEBP"
        assert im.size == (rendition.width, rendition.height)
        assert im.width <= clean.width
        _assert_no_metadata(rendition.content)


def test_renditions_of_an_upright_image_keep_it_upright():
    clean = _clean(_marked((64, 32)).resize((1280, 640)), "JPEG", exif=_exif(orientation=6))

    result = renditions(clean)

    assert [(r.width, r.height) for r in result] == [(480, 960), (640, 1280)]
    small = _open(result[0].content)
    assert _colour(small, (480 - 40, 40)) == "red"
    assert _colour(small, (40, 40)) == "blue"


@pytest.mark.parametrize("mode", ["RGBA", "LA"])
def test_renditions_keep_transparency(mode):
    im = Image.new(mode, (600, 400), (200, 0, 0, 0) if mode == "RGBA" else (200, 0))
    im.paste((200, 0, 0, 255) if mode == "RGBA" else (200, 255), (0, 0, 300, 400))

    result = renditions(_clean(im, "PNG"))

    small = _open(result[0].content)
    assert small.mode == "RGBA"
    assert small.getpixel((100, 100))[3] == 255
    assert small.getpixel((380, 100))[3] == 0


def test_palette_transparency_becomes_alpha_in_renditions():
    im = Image.new("P", (600, 400), 1)
    im.putpalette([0, 0, 0, 255, 0, 0])
    im.paste(0, (0, 0, 300, 400))

    small = _open(renditions(_clean(im, "PNG", transparency=0))[0].content)

    assert small.mode == "RGBA"
    assert small.getpixel((100, 100))[3] == 0
    assert small.getpixel((380, 100))[3] == 255
    assert _colour(small, (380, 100)) == "red"


def test_sixteen_bit_greyscale_is_scaled_not_clipped_in_renditions():
    clean = _clean(Image.new("I;16", (600, 400), 40000), "PNG")

    small = _open(renditions(clean)[0].content)

    assert abs(small.getpixel((100, 100))[0] - 40000 // 256) <= 2


def test_damaged_exif_is_dropped_and_the_image_kept():
    exif = b"Exif\x00\x00MM\x00*\x00\x00\x00\x08\x00\x05" + random.Random(3).randbytes(60)

    clean = _clean(_marked(), "JPEG", exif=exif)

    assert (clean.width, clean.height) == (64, 32)
    assert _colour(_open(clean.content), (8, 8)) == "red"
    _assert_no_metadata(clean.content)


def test_xmp_orientation_is_applied_when_there_is_no_exif():
    xmp = (
        b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
        b'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        b'<rdf:Description xmlns:tiff="http://ns.adobe.com/tiff/1.0/" tiff:Orientation="6"/>'
        b"</rdf:RDF></x:xmpmeta>"
    )

    clean = _clean(_marked((64, 32)), "JPEG", xmp=xmp)

    assert (clean.width, clean.height) == (32, 64)
    assert _colour(_open(clean.content), (24, 8)) == "red"
    _assert_no_metadata(clean.content)


def test_animated_webp_is_refused():
    frames = [Image.new("RGB", (64, 64), color) for color in ("red", "blue")]
    out = io.BytesIO()
    frames[0].save(out, format="WEBP", save_all=True, append_images=frames[1:])
    with pytest.raises(ImageRejected, match="Animated WebP"):
        clean_upload(out.getvalue())
