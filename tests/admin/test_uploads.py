"""Images uploaded in the admin: hostile files refused with a reason, good ones cleaned."""

import io
import struct
import zlib

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from caseapp.models import StepImage
from tests.admin.test_authoring import step_image_post
from tests.factories import make_case, png_bytes

pytestmark = pytest.mark.django_db


def bomb_png(width=30000, height=30000) -> bytes:
    """A tiny PNG whose header claims a huge size."""
    raw = bytearray(png_bytes(16, 16))
    ihdr = 8 + 8  # signature, then length and type of the IHDR chunk
    raw[ihdr : ihdr + 8] = struct.pack(">II", width, height)
    crc = zlib.crc32(bytes(raw[12 : ihdr + 13]))
    raw[ihdr + 13 : ihdr + 17] = struct.pack(">I", crc)
    return bytes(raw)


def jpeg_with_gps_and_rotation() -> bytes:
    image = Image.new("RGB", (120, 60), (200, 30, 30))
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: rotate 90 degrees to display
    exif[0x010E] = "Patient: Jane Doe, MRN 12345"
    exif[0x8825] = {1: "N", 2: (45.0, 30.0, 0.0)}
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


HOSTILE = {
    "text named .png": (b"patient list\nname,dob\n", "not an image in JPEG, PNG or WebP"),
    "SVG": (b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "not an image"),
    "truncated PNG": (png_bytes(400, 300)[:200], "damaged or incomplete"),
    "decompression bomb": (bomb_png(), "too many pixels"),
    "GIF": (b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", "GIF"),
}


def upload(client, step, name: str, content: bytes, **fields):
    data = step_image_post(step, alt_text="A scan", **fields)
    data["images-0-image"] = SimpleUploadedFile(name, content, "image/png")
    return client.post(reverse("admin:caseapp_step_change", args=[step.pk]), data)


def stored_names() -> set[str]:
    try:
        return set(default_storage.listdir("cases")[1])
    except FileNotFoundError:
        return set()


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_uploads_are_refused_with_a_reason_and_store_nothing(ed, name):
    content, reason = HOSTILE[name]
    step = make_case(status="draft").steps.first()
    before_rows, before_files = StepImage.objects.count(), stored_names()
    response = upload(ed, step, "scan.png", content)
    assert response.status_code == 200
    assert reason in response.content.decode()
    assert StepImage.objects.count() == before_rows
    assert stored_names() == before_files


def test_a_good_upload_is_stored_upright_without_metadata_with_renditions(ed):
    step = make_case(status="draft").steps.last()  # its image is not a hotspot's
    step.images.all().delete()
    response = upload(ed, step, "photo.jpg", jpeg_with_gps_and_rotation())
    assert response.status_code == 302
    image = step.images.get()
    assert (image.width, image.height) == (60, 120)  # turned upright
    names = [image.image.name] + [r["name"] for r in image.renditions]
    assert len(names) >= 2
    for name in names:
        with default_storage.open(name, "rb") as handle:
            data = handle.read()
        assert b"Jane Doe" not in data
        with Image.open(io.BytesIO(data)) as stored:
            assert not stored.getexif()
            assert not {"exif", "icc_profile", "xmp", "comment"} & set(stored.info)
