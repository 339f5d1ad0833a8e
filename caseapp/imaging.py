"""Validate uploaded images with Pillow and make clean, responsive renditions."""

import io
import os
import struct
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import BinaryIO

from PIL import ExifTags, Image, ImageCms, ImageFile, UnidentifiedImageError

ALLOWED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
MAX_UPLOAD_BYTES = 15 * 1024 * 1024
MAX_PIXELS = 25_000_000  # width * height; keeps a decode (RGBA) near 100 MB
MIN_SIDE = 16  # smaller is not a usable teaching image
RENDITION_WIDTHS = (480, 960, 1600)

# Masters: JPEG keeps full chroma (4:4:4) so coloured annotations stay sharp; a lossless
# WebP upload stays lossless, a lossy one is re-encoded at quality 90.
_MASTER_PARAMS = {
    "JPEG": {"quality": 90, "optimize": True, "progressive": True, "subsampling": 0},
    "PNG": {},
    "WEBP": {"quality": 90},
}
_LOSSLESS_WEBP = {"lossless": True}
_RENDITION_PARAMS = {"quality": 82}

TOO_LARGE = "This image is larger than 15 MB."
EMPTY = "This file is empty."
NOT_AN_IMAGE = "This file is not an image in JPEG, PNG or WebP format."
DAMAGED = "This image file is damaged or incomplete."
ANIMATED = "Animated WebP images are not accepted; upload a still image."
_PIXEL_LIMIT = f"the limit is {MAX_PIXELS // 1_000_000} megapixels."
TOO_MANY_PIXELS = f"This image has too many pixels; {_PIXEL_LIMIT}"

_PILLOW_FORMATS = ("JPEG", "PNG", "WEBP")
# A camera's multi-picture JPEG is a JPEG whose first picture is the photograph.
_ALIASES = {"MPO": "JPEG"}

# EXIF orientation -> the transposition that makes the pixels upright.
_UPRIGHT = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}

# Formats recognised by their first bytes, only to name them when refusing.
_SIGNATURES = (
    (0, b"\x89PNG\r\n\x1a\n", "PNG"),
    (0, b"\xff\xd8\xff", "JPEG"),
    (0, b"GIF87a", "GIF"),
    (0, b"GIF89a", "GIF"),
    (0, b"II*\x00", "TIFF"),
    (0, b"MM\x00*", "TIFF"),
    (0, b"\x00\x00\x01\x00", "ICO"),
    (4, b"ftypheic", "HEIC"),
    (4, b"ftypheix", "HEIC"),
    (4, b"ftypmif1", "HEIC"),
    (4, b"ftypavif", "AVIF"),
    (0, b"\x00\x00\x00\x0cjP  \r\n\x87\n", "JPEG 2000"),
    (128, b"DICM", "DICOM"),
)
_BMP_HEADER_SIZES = (12, 40, 52, 56, 64, 108, 124)

_SRGB = ImageCms.createProfile("sRGB")

# Modes each format stores as they are; anything else becomes RGB or RGBA.
_STORED_MODES = {
    "JPEG": ("L", "RGB"),
    "PNG": ("1", "L", "LA", "I", "I;16", "P", "RGB", "RGBA"),
    "WEBP": ("RGB", "RGBA"),
}


class ImageRejected(ValueError):
    """An upload that cannot be stored; str(exc) is a sentence for the educator."""


@dataclass(frozen=True)
class CleanImage:
    content: bytes  # re-encoded master without any metadata
    format: str  # "JPEG" | "PNG" | "WEBP", the upload's format
    extension: str  # "jpg" | "png" | "webp"
    width: int
    height: int


@dataclass(frozen=True)
class Rendition:
    width: int
    height: int
    content: bytes  # WebP


def clean_upload(fileobj: BinaryIO | bytes, *, size: int | None = None) -> CleanImage:
    """Validate an upload and re-encode it upright, in its own format, without metadata.

    ``fileobj`` is a seekable binary file (a Django ``UploadedFile`` will do) or bytes;
    pass ``size`` when it is already known (``upload.size``).  Every refusal raises
    ``ImageRejected``.  JPEG is re-encoded at quality 90 with 4:4:4 chroma (coloured
    annotations stay sharp), PNG losslessly, WebP losslessly when the upload was lossless
    and at quality 90 otherwise.  Pixels described by an ICC profile are converted to sRGB
    before the profile is dropped.  Animated images keep their first frame only.
    """
    if isinstance(fileobj, bytes | bytearray | memoryview):
        fileobj = io.BytesIO(fileobj)
    if size is None:
        fileobj.seek(0, os.SEEK_END)
        size = fileobj.tell()
    if size > MAX_UPLOAD_BYTES:
        raise ImageRejected(TOO_LARGE)
    if size <= 0:
        raise ImageRejected(EMPTY)
    fileobj.seek(0)
    with _strict_pillow(), _open(fileobj) as im:
        fmt = _ALIASES.get(im.format, im.format)
        width, height = im.size
        if width * height > MAX_PIXELS:
            raise ImageRejected(
                f"This image has too many pixels ({width} × {height}); {_PIXEL_LIMIT}"
            )
        if fmt == "WEBP" and getattr(im, "n_frames", 1) > 1:
            # libwebp decodes animations into several full canvases: past the memory budget.
            raise ImageRejected(ANIMATED)
        if min(width, height) < MIN_SIDE:
            raise ImageRejected(
                f"This image is too small ({width} × {height} pixels); "
                f"each side must be at least {MIN_SIDE} pixels."
            )
        try:
            im.load()
        except (OSError, SyntaxError, ValueError, EOFError) as exc:
            raise ImageRejected(DAMAGED) from exc
        lossless = fmt == "WEBP" and _webp_is_lossless(fileobj)
        stored = _storable(_to_srgb(_upright(im)), fmt)
        try:
            content = _encode(stored, fmt, **(_LOSSLESS_WEBP if lossless else _MASTER_PARAMS[fmt]))
            width, height = stored.size
        finally:
            stored.close()
    return CleanImage(content, fmt, ALLOWED_FORMATS[fmt], width, height)


def rendition_widths(width: int) -> list[int]:
    """The widths ``renditions`` makes for an image ``width`` pixels wide, ascending.

    Every standard width narrower than the image, plus the image's own width capped at the
    largest standard width, so no rendition is ever wider than its source.
    """
    return sorted({w for w in RENDITION_WIDTHS if w < width} | {min(width, RENDITION_WIDTHS[-1])})


def renditions(image: CleanImage) -> list[Rendition]:
    """WebP copies of a cleaned image for ``srcset``, one per ``rendition_widths``.

    Heights keep the aspect ratio, rounded to the nearest pixel (at least 1).  Only the
    decoded source and one resized copy are in memory at a time.
    """
    with Image.open(io.BytesIO(image.content), formats=[image.format]) as im:
        source = _displayable(im)
        try:
            result = []
            for width in rendition_widths(source.width):
                height = max(1, round(source.height * width / source.width))
                if width == source.width:
                    content = _encode(source, "WEBP", **_RENDITION_PARAMS)
                else:
                    resized = source.resize((width, height), Image.Resampling.LANCZOS)
                    try:
                        content = _encode(resized, "WEBP", **_RENDITION_PARAMS)
                    finally:
                        resized.close()
                result.append(Rendition(width, height, content))
        finally:
            source.close()
    return result


@contextmanager
def _strict_pillow() -> Iterator[None]:
    """Refuse truncated files and turn Pillow's decompression-bomb warning into an error.

    Pillow's other complaints about an upload (``UserWarning``: corrupt EXIF and the like)
    are silenced: the upload is either refused or re-encoded without that metadata.  The
    global ``LOAD_TRUNCATED_IMAGES`` is only touched (and restored) if someone set it.
    """
    truncated = ImageFile.LOAD_TRUNCATED_IMAGES
    if truncated:
        ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            yield
    finally:
        if truncated:
            ImageFile.LOAD_TRUNCATED_IMAGES = truncated


def _open(fileobj: BinaryIO) -> Image.Image:
    """Read the header only; other formats' parsers never see the upload."""
    try:
        return Image.open(fileobj, formats=_PILLOW_FORMATS)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ImageRejected(TOO_MANY_PIXELS) from exc
    except UnidentifiedImageError as exc:
        raise ImageRejected(_unidentified_message(fileobj)) from exc
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        raise ImageRejected(DAMAGED) from exc


def _unidentified_message(fileobj: BinaryIO) -> str:
    fileobj.seek(0)
    head = fileobj.read(132)
    name = _sniff(head)
    if name is None:
        return NOT_AN_IMAGE
    if name in ALLOWED_FORMATS:
        return DAMAGED
    return f"This image is in {name} format; only JPEG, PNG and WebP images are accepted."


def _sniff(head: bytes) -> str | None:
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WEBP"
    if head[:2] == b"BM" and int.from_bytes(head[14:18], "little") in _BMP_HEADER_SIZES:
        return "BMP"
    for offset, magic, name in _SIGNATURES:
        if head[offset : offset + len(magic)] == magic:
            return name
    return None


def _webp_is_lossless(fileobj: BinaryIO) -> bool:
    """Whether the (first frame's) bitstream is VP8L, read from the RIFF chunk headers."""
    fileobj.seek(12)
    while len(header := fileobj.read(8)) == 8:
        fourcc, length = header[:4], int.from_bytes(header[4:], "little")
        if fourcc in (b"VP8L", b"VP8 "):
            return fourcc == b"VP8L"
        if fourcc == b"ANMF":
            fileobj.seek(16, os.SEEK_CUR)  # frame geometry; the frame's own chunks follow
        else:
            fileobj.seek(length + length % 2, os.SEEK_CUR)
    return False


def _upright(im: Image.Image) -> Image.Image:
    """Apply the EXIF (or XMP) orientation to the pixels, as the metadata is dropped.

    Unlike ``ImageOps.exif_transpose`` this never re-serialises the EXIF, which fails on
    some damaged EXIF blocks; an orientation that cannot be read is ignored.
    """
    try:
        orientation = im.getexif().get(ExifTags.Base.Orientation)
    except (OSError, SyntaxError, ValueError, TypeError, IndexError, struct.error):
        return im
    if not isinstance(orientation, int) or orientation not in _UPRIGHT:
        return im
    return _replace(im, im.transpose(_UPRIGHT[orientation]))


def _to_srgb(im: Image.Image) -> Image.Image:
    """Convert pixels to sRGB when an ICC profile describes them, as the profile is dropped."""
    icc = im.info.get("icc_profile")
    if not icc or im.mode not in ("RGB", "RGBA", "CMYK"):
        return im
    try:
        profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        mode = "RGBA" if im.mode == "RGBA" else "RGB"
        converted = ImageCms.profileToProfile(im, profile, _SRGB, outputMode=mode)
    except (ImageCms.PyCMSError, OSError):
        return im  # an unusable profile is simply dropped
    return _replace(im, converted)


def _storable(im: Image.Image, fmt: str) -> Image.Image:
    if im.mode in _STORED_MODES[fmt]:
        return im
    alpha = fmt != "JPEG" and im.has_transparency_data
    return _replace(im, im.convert("RGBA" if alpha else "RGB"))


def _displayable(im: Image.Image) -> Image.Image:
    """A mode that resizes smoothly (not palette, not 1-bit) and that WebP can hold."""
    if im.mode in ("L", "LA", "RGB", "RGBA"):
        return im
    if im.mode in ("I", "I;16"):  # 16-bit greyscale, scaled (not clipped) to 8 bits
        scaled = _replace(im, im.point(lambda v: v / 256))
        return _replace(scaled, scaled.convert("L"))
    if im.mode == "1":
        return _replace(im, im.convert("L"))
    return _replace(im, im.convert("RGBA" if im.has_transparency_data else "RGB"))


def _replace(old: Image.Image, new: Image.Image) -> Image.Image:
    """Free ``old``'s pixels once ``new`` exists, keeping one full-size copy at a time."""
    if new is not old:
        old.close()
    return new


def _encode(im: Image.Image, fmt: str, **params: object) -> bytes:
    """Encode with no metadata: Pillow copies some of it (ICC, comments) from ``im.info``."""
    transparency = im.info.get("transparency")
    im.info = {}
    if fmt == "PNG" and transparency is not None:
        params["transparency"] = transparency  # a palette's or colour key's, not metadata
    out = io.BytesIO()
    im.save(out, fmt, **params)
    return out.getvalue()
