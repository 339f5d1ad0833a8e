"""Case archives as zip files: case.json and its images, written and read safely."""

import io
import json
import shutil
import zipfile
from typing import Any

from django.core.files.storage import default_storage

from .. import imaging
from ..models import Case
from .cases import create_case, describe
from .checks import MAX_JSON_BYTES, MAX_MEMBERS, ArchiveError, safe_member


def export_case(case: Case, fileobj) -> None:
    """Write the case's archive (case.json and its images) to a binary file object."""
    data = describe(case)
    names = {}
    for step, step_spec in zip(case.steps.all(), data["case"]["steps"], strict=True):
        for image, image_spec in zip(step.images.all(), step_spec["images"], strict=True):
            names[image_spec["file"]] = image.image.name
    with zipfile.ZipFile(fileobj, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("case.json", json.dumps(data, indent=2, ensure_ascii=False))
        for member, stored in names.items():
            # Images are already compressed; copy them through in chunks.
            with default_storage.open(stored, "rb") as source:
                with archive.open(zipfile.ZipInfo(member), "w") as target:
                    shutil.copyfileobj(source, target, 1024 * 1024)


# Importing ---------------------------------------------------------------------------


def import_case(fileobj, *, replace: bool = False) -> Case:
    """Create a case from an archive; hostile or broken archives raise ArchiveError."""
    try:
        archive = zipfile.ZipFile(fileobj)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ArchiveError("This file is not a case archive (a zip file).") from exc
    with archive:
        members = archive.infolist()
        if len(members) > MAX_MEMBERS:
            raise ArchiveError(f"The archive holds more than {MAX_MEMBERS} files.")
        by_name = {}
        for info in members:
            if info.is_dir():
                continue
            if info.filename != "case.json" and not safe_member(info.filename):
                raise ArchiveError(f"The archive holds an unexpected file: {info.filename!r}.")
            if info.flag_bits & 0x1:
                raise ArchiveError("Encrypted archives are not supported.")
            by_name[info.filename] = info
        if "case.json" not in by_name:
            raise ArchiveError("The archive has no case.json.")
        data = _load_json(archive, by_name["case.json"])

        def read_image(image: dict) -> bytes:
            name = image.get("file") or ""
            info = by_name.get(name)
            if info is None:
                raise ArchiveError(f"The archive lacks the image {name!r}.")
            return _read_member(archive, info, imaging.MAX_UPLOAD_BYTES)

        return create_case(data, read_image, replace=replace)


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes:
    """A member's bytes, refusing it once it inflates past `limit` (zip bombs lie in headers)."""
    if info.file_size > limit:
        raise ArchiveError(f"{info.filename} is larger than {limit // (1024 * 1024)} MB.")
    out = io.BytesIO()
    try:
        with archive.open(info) as member:
            while chunk := member.read(1024 * 1024):
                if out.tell() + len(chunk) > limit:
                    raise ArchiveError(
                        f"{info.filename} inflates beyond {limit // (1024 * 1024)} MB."
                    )
                out.write(chunk)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        raise ArchiveError(f"{info.filename} is damaged in the archive.") from exc
    return out.getvalue()


def _load_json(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> Any:
    raw = _read_member(archive, info, MAX_JSON_BYTES)
    try:
        return json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise ArchiveError("The archive's case.json is not valid JSON.") from exc
