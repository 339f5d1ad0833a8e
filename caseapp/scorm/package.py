"""Build a case's SCORM package: manifest, schemas, the player page, its assets and images."""

import json
import zipfile
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.core.files.storage import default_storage
from django.template.loader import render_to_string

from .. import figures
from ..models import Case
from ..questions import get
from ..questions.hotspot import ONE_CLICK_RULE
from ..questions.shown import Shown
from .manifest import build_manifest, schema_files

STATIC = Path(settings.BASE_DIR) / "static" / "caseapp"
ASSETS = {
    "assets/caseapp.css": STATIC / "caseapp.css",
    "assets/grader.js": STATIC / "grader.js",
    "assets/learner.js": STATIC / "learner.js",
    "assets/player.js": STATIC / "scorm-player.js",
}


class PackageError(ValueError):
    pass


def _package_url(image: dict) -> str:
    return f"images/image-{image['id']}{PurePosixPath(image['name']).suffix.lower()}"


def player_context(content: dict) -> tuple[dict, dict, dict]:
    """The player page's context (rendered from the learner templates), its data, its images."""
    images = figures.images(content, _package_url, rendition_url=None)
    steps, questions = [], {}
    for step in content["steps"]:
        on_hotspots = {q["image"] for q in step["questions"] if get(q["type"]).needs_image}
        shown = [
            {
                "image": images[image["id"]],
                "before": images.get(image["compare_to"]) if image["compare_to"] else None,
                "overlay": figures.overlay(images[image["id"]], image["annotations"]),
            }
            for image in step["images"]
            if image["id"] not in on_hotspots
        ]
        items = []
        for n, question in enumerate(step["questions"], start=1):
            item = Shown(question, None, images, number=f"{step['number']}.{n}")
            image = item.image
            items.append(item)
            questions[question["key"]] = {
                "number": item.number,
                "step": step["number"],
                "type": question["type"],
                "typeLabel": question["type_label"],
                "points": question["points"],
                "spec": question["spec"],
                "data": question["data"],
                "stemHtml": question["stem_html"],
                "explanationHtml": question["explanation_html"],
                "image": (
                    {
                        "url": image["url"],
                        "width": image["width"],
                        "height": image["height"],
                        "alt": image["alt_text_answered"] or image["alt_text"],
                        "caption": image["caption"],
                        "annotations": figures.overlay(image, image["annotations"]),
                    }
                    if image
                    else None
                ),
            }
        steps.append(
            dict(
                step,
                figures=shown,
                items=items,
                any_illustrative=any(lab["illustrative"] for lab in step["labs"]),
            )
        )
    context = {"case": content["case"], "steps": steps, "player": True, "step_complete": False}
    data = {
        "title": content["case"]["title"],
        "passMark": content["case"]["pass_mark"],
        "steps": [
            {"number": s["number"], "questions": [q["key"] for q in s["questions"]]}
            for s in content["steps"]
        ],
        "questions": questions,
        "oneClickRule": ONE_CLICK_RULE,  # worded once, in questions/hotspot.py
    }
    return context, data, images


def build_package(case: Case, version: str, fileobj) -> list[str]:
    """Write the SCORM package of the case's published version; returns its file list."""
    if case.published_version is None:
        raise PackageError("Publish the case before exporting it.")
    content = case.published_version.content
    context, data, images = player_context(content)
    data["scormVersion"] = version
    files: dict[str, bytes | Path | str] = {
        "index.html": render_to_string("caseapp/scorm/player.html", context).encode(),
        # A script, not JSON: browsers refuse fetch() on file:// pages, and LMSs differ.
        "assets/case-data.js": (
            "window.CASEAPP_PLAYER = " + json.dumps(data, ensure_ascii=False) + ";\n"
        ).encode(),
        **ASSETS,
    }
    for image in images.values():
        files[image["url"]] = image["name"]
    names = sorted(files)
    manifest = build_manifest(
        version=version,
        identifier=f"caseapp-{case.slug}",
        title=content["case"]["title"],
        description=content["case"]["summary"],
        mastery_percent=content["case"]["pass_mark"],
        files=names,
    )
    with zipfile.ZipFile(fileobj, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("imsmanifest.xml", manifest)
        for name, path in schema_files(version):
            archive.write(path, name)
        for name in names:
            source = files[name]
            if isinstance(source, bytes):
                archive.writestr(name, source)
            elif isinstance(source, Path):
                archive.write(source, name)
            else:  # a stored image, copied through in chunks
                with default_storage.open(source, "rb") as handle:
                    with archive.open(zipfile.ZipInfo(name), "w") as target:
                        while chunk := handle.read(1024 * 1024):
                            target.write(chunk)
    return ["imsmanifest.xml", *names]
