"""Case archives: a case as JSON plus images, checked, exported and imported.

The same description (format "caseapp.case", version 1) is the demo fixture and the
case.json inside an archive zip. Importing checks everything first and stores nothing
unless the whole case is sound.
"""

import io
import json
import re
import shutil
import zipfile
from collections.abc import Callable
from decimal import Decimal
from pathlib import PurePosixPath
from typing import Any

from django.core.files.storage import default_storage
from django.db import transaction

from . import imaging
from . import questions as question_types
from .media import store_image
from .models import Case, LabResult, Option, Question, Step, StepImage, StepKind
from .text import lines

FORMAT = "caseapp.case"
FORMAT_VERSION = 1
MAX_ARCHIVE_BYTES = 200 * 1024 * 1024
MAX_JSON_BYTES = 5 * 1024 * 1024
MAX_MEMBERS = 200
MAX_STEPS = 100
MAX_QUESTIONS_PER_STEP = 60
MAX_IMAGES_PER_STEP = 20
KEY = re.compile(r"^[a-z0-9][a-z0-9_-]{0,59}$")
SLUG = re.compile(r"^[-a-z0-9_]{1,100}$")
KINDS = {kind for kind, _ in StepKind.choices}
FLAGS = {flag for flag, _ in LabResult.Flag.choices}

CASE_KEYS = {
    "slug", "title", "summary", "estimated_minutes", "pass_mark", "objectives",
    "objectives_review", "diagnosis", "teaching_points", "references", "status", "steps",
}  # fmt: skip
STEP_KEYS = {"kind", "title", "body", "images", "labs", "questions"}
IMAGE_KEYS = {
    "key", "file", "alt_text", "alt_text_answered", "caption", "credit", "annotations",
    "compare_to",
}  # fmt: skip
LAB_KEYS = {"analyte", "value", "unit", "reference_range", "flag", "illustrative"}
QUESTION_KEYS = {"key", "type", "stem", "points", "explanation", "rule", "image"}
DATA_KEYS = set().union(*(kind.data_keys for kind in question_types.TYPES))


class ArchiveError(ValueError):
    def __init__(self, problems: list[str] | str):
        problems = [problems] if isinstance(problems, str) else problems
        super().__init__("; ".join(problems))
        self.problems = problems


# Checking -----------------------------------------------------------------------------


class _Checker:
    def __init__(self):
        self.problems: list[str] = []

    def need(self, ok: bool, where: str, message: str) -> bool:
        if not ok:
            self.problems.append(f"{where}: {message}")
        return ok

    def text(self, obj: dict, key: str, where: str, *, required=True, limit=20_000) -> None:
        value = obj.get(key, None if required else "")
        if self.need(isinstance(value, str), where, f"“{key}” must be text."):
            self.need(len(value) <= limit, where, f"“{key}” is longer than {limit} characters.")
            if required:
                self.need(bool(value.strip()), where, f"“{key}” must not be empty.")

    def text_list(self, obj: dict, key: str, where: str) -> None:
        value = obj.get(key, [])
        self.need(
            isinstance(value, list) and all(isinstance(v, str) for v in value) and len(value) < 200,
            where,
            f"“{key}” must be a list of texts.",
        )

    def integer(self, obj: dict, key: str, where: str, low: int, high: int) -> None:
        value = obj.get(key)
        self.need(
            isinstance(value, int) and not isinstance(value, bool) and low <= value <= high,
            where,
            f"“{key}” must be a whole number from {low} to {high}.",
        )

    def keys(self, obj: Any, allowed: set, where: str) -> bool:
        if not self.need(isinstance(obj, dict), where, "must be an object."):
            return False
        unknown = sorted(set(obj) - allowed)
        return self.need(not unknown, where, f"unknown field(s) {', '.join(unknown)}.")


def check_data(data: Any) -> list[str]:
    """Every problem with a case description, each saying where it is; [] when sound."""
    c = _Checker()
    if not isinstance(data, dict):
        return ["The archive's case.json must hold an object."]
    if data.get("format") != FORMAT:
        return [f"This is not a caseapp case (format must be “{FORMAT}”)."]
    if data.get("format_version") != FORMAT_VERSION:
        return [
            f"This archive is format version {data.get('format_version')!r}; this installation "
            f"reads version {FORMAT_VERSION}."
        ]
    case = data.get("case")
    if not c.keys(case, CASE_KEYS, "Case"):
        return c.problems
    c.need(isinstance(case.get("slug"), str) and SLUG.match(case["slug"]), "Case", "bad slug.")
    c.text(case, "title", "Case", limit=200)
    c.text(case, "summary", "Case")
    c.text(case, "diagnosis", "Case", required=False, limit=200)
    for key in ("objectives", "objectives_review", "teaching_points", "references"):
        c.text_list(case, key, "Case")
    c.integer(case, "estimated_minutes", "Case", 1, 600)
    c.integer(case, "pass_mark", "Case", 0, 100)
    c.need(case.get("status", "published") in ("draft", "published"), "Case", "bad status.")
    steps = case.get("steps")
    if not c.need(isinstance(steps, list) and 0 < len(steps) <= MAX_STEPS, "Case", "needs steps."):
        return c.problems
    image_keys: set[str] = set()
    question_keys: set[str] = set()
    for number, step in enumerate(steps, start=1):
        _check_step(c, step, f"Step {number}", image_keys, question_keys)
    return c.problems


def _check_step(c: _Checker, step, where: str, image_keys: set, question_keys: set) -> None:
    if not c.keys(step, STEP_KEYS, where):
        return
    c.need(step.get("kind") in KINDS, where, "unknown step kind.")
    c.text(step, "title", where, limit=200)
    c.text(step, "body", where, required=False, limit=100_000)
    images = step.get("images", [])
    labs = step.get("labs", [])
    questions = step.get("questions", [])
    if not c.need(
        isinstance(images, list) and len(images) <= MAX_IMAGES_PER_STEP, where, "bad images."
    ):
        return
    step_images = set()
    for i, image in enumerate(images, start=1):
        at = f"{where}, image {i}"
        if not c.keys(image, IMAGE_KEYS, at):
            continue
        key = image.get("key")
        if c.need(
            isinstance(key, str) and KEY.match(key) and key not in image_keys, at, "bad key."
        ):
            image_keys.add(key)
            step_images.add(key)
        c.text(image, "alt_text", at, limit=500)
        for field in ("alt_text_answered", "caption"):
            c.text(image, field, at, required=False, limit=500)
        c.text(image, "credit", at, required=False, limit=300)
        if "file" in image:
            c.need(_safe_member(image["file"]), at, "its file must be under images/.")
        compare = image.get("compare_to")
        c.need(compare is None or compare in image_keys, at, "compare_to names no earlier image.")
        annotations = image.get("annotations", [])
        c.need(
            isinstance(annotations, list) and len(annotations) <= 50
            and all(isinstance(a, dict) for a in annotations),
            at,
            "annotations must be a list of shapes.",
        )  # fmt: skip
    if c.need(isinstance(labs, list) and len(labs) <= 200, where, "bad labs."):
        for i, lab in enumerate(labs, start=1):
            at = f"{where}, lab {i}"
            if c.keys(lab, LAB_KEYS, at):
                c.text(lab, "analyte", at, limit=200)
                c.text(lab, "value", at, limit=100)
                c.text(lab, "unit", at, required=False, limit=50)
                c.text(lab, "reference_range", at, required=False, limit=100)
                c.need(lab.get("flag", "") in FLAGS, at, "unknown flag.")
                c.need(isinstance(lab.get("illustrative", False), bool), at, "bad illustrative.")
    if not c.need(
        isinstance(questions, list) and len(questions) <= MAX_QUESTIONS_PER_STEP,
        where,
        "bad questions.",
    ):
        return
    for i, question in enumerate(questions, start=1):
        at = f"{where}, question {i}"
        before = len(c.problems)
        if not c.keys(question, QUESTION_KEYS | DATA_KEYS, at):
            continue
        key = str(question.get("key", ""))
        c.need(key not in question_keys, at, "duplicate key.")
        question_keys.add(key)
        try:
            kind = question_types.get(question.get("type"))
        except LookupError:
            c.need(False, at, "unknown question type.")
            continue
        c.text(question, "stem", at, limit=20_000)
        c.text(question, "explanation", at, required=False, limit=20_000)
        c.integer(question, "points", at, 1, 100)
        if kind.needs_image:
            c.need(question.get("image") in step_images, at, "its image must be in this step.")
        for problem in kind.archive_problems(question):
            c.need(False, at, problem)
        if len(c.problems) > before:
            continue
        try:
            kind.to_rows(_data_part(question))  # raises on a malformed shape
            problems = [
                problem.message
                for problem in kind.author_problems(
                    points=question["points"],
                    rule=question.get("rule", ""),
                    data=_data_part(question),
                    has_image=not kind.needs_image or bool(question.get("image")),
                )
            ]
        except (KeyError, TypeError, ValueError, AttributeError, ArithmeticError):
            problems = ["its answer data is malformed."]
        for problem in problems:
            c.problems.append(f"{at}: {problem}")


def _data_part(question: dict) -> dict:
    return {k: v for k, v in question.items() if k in DATA_KEYS}


def _safe_member(name: Any) -> bool:
    if not isinstance(name, str) or "\\" in name or "\x00" in name:
        return False
    path = PurePosixPath(name)
    return (
        not path.is_absolute()
        and len(path.parts) == 2
        and path.parts[0] == "images"
        and ".." not in path.parts
        and KEY.match(path.stem) is not None
        and path.suffix.lower() in (".png", ".jpg", ".jpeg", ".webp")
    )


# Creating ----------------------------------------------------------------------------


def create_case(data: dict, read_image: Callable[[dict], bytes], *, replace: bool = False) -> Case:
    """Create a case from a checked description; images go through the upload pipeline.

    Raises ArchiveError, having stored nothing, when the description or an image is bad.
    """
    problems = check_data(data)
    if problems:
        raise ArchiveError(problems)
    spec = data["case"]
    existing = Case.objects.filter(slug=spec["slug"]).first()
    if existing and not replace:
        raise ArchiveError(f"A case with the slug “{spec['slug']}” already exists.")
    cleaned: dict[str, imaging.CleanImage] = {}
    for number, step in enumerate(spec["steps"], start=1):
        for image in step.get("images", []):
            try:
                cleaned[image["key"]] = imaging.clean_upload(io.BytesIO(read_image(image)))
            except imaging.ImageRejected as exc:
                raise ArchiveError(f"Step {number}, image “{image['key']}”: {exc}") from exc
    stored: list[str] = []
    try:
        with transaction.atomic():
            case = _create(spec, cleaned, stored, existing)
    except Exception:
        for name in stored:
            default_storage.delete(name)
        raise
    return case


def _create(spec: dict, cleaned: dict, stored: list[str], existing: Case | None) -> Case:
    fields = {
        "title": spec["title"],
        "summary": spec["summary"],
        "objectives": "\n".join(spec.get("objectives", [])),
        "objectives_review": "\n".join(spec.get("objectives_review", [])),
        "diagnosis": spec.get("diagnosis", ""),
        "teaching_points": "\n".join(spec.get("teaching_points", [])),
        "references": "\n".join(spec.get("references", [])),
        "estimated_minutes": spec.get("estimated_minutes", 20),
        "pass_mark": spec.get("pass_mark", 70),
    }
    if existing:
        # Replacing keeps the case, its versions and every attempt on them: only the
        # draft content changes, and publishing makes it a new version.
        existing.steps.all().delete()
        for name, value in fields.items():
            setattr(existing, name, value)
        existing.save()
        case = existing
    else:
        case = Case.objects.create(slug=spec["slug"], **fields)
    images: dict[str, StepImage] = {}
    for position, step_spec in enumerate(spec["steps"]):
        step = Step.objects.create(
            case=case,
            position=position,
            kind=step_spec["kind"],
            title=step_spec["title"],
            body=step_spec.get("body", ""),
        )
        for image_position, image_spec in enumerate(step_spec.get("images", [])):
            image = StepImage(
                step=step,
                position=image_position,
                alt_text=image_spec["alt_text"],
                alt_text_answered=image_spec.get("alt_text_answered", ""),
                caption=image_spec.get("caption", ""),
                credit=image_spec.get("credit", ""),
                annotations=image_spec.get("annotations", []),
                compare_to=images.get(image_spec.get("compare_to") or ""),
            )
            store_image(image, cleaned[image_spec["key"]])
            stored += [image.image.name] + [r["name"] for r in image.renditions]
            image.save()
            images[image_spec["key"]] = image
        LabResult.objects.bulk_create(
            LabResult(step=step, position=i, **lab)
            for i, lab in enumerate(step_spec.get("labs", []))
        )
        for q_position, q in enumerate(step_spec.get("questions", [])):
            fields, options = question_types.get(q["type"]).to_rows(_data_part(q))
            question = Question.objects.create(
                step=step,
                position=q_position,
                type=q["type"],
                stem=q["stem"],
                explanation=q.get("explanation", ""),
                points=q["points"],
                rule=q.get("rule", ""),
                image=images[q["image"]] if q.get("image") else None,
                **fields,
            )
            Option.objects.bulk_create(
                Option(question=question, position=i, **option) for i, option in enumerate(options)
            )
    if spec.get("status", "published") == "published":
        case.publish()
    return case


# Exporting ---------------------------------------------------------------------------


def _json_number(value):
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def describe(case: Case) -> dict:
    """The case as a description, images named images/<key>.<ext>."""
    steps = []
    for step in case.steps.prefetch_related("images", "labs", "questions__options"):
        image_specs = [
            {
                "key": f"image-{image.pk}",
                "file": f"images/image-{image.pk}{PurePosixPath(image.image.name).suffix.lower()}",
                "alt_text": image.alt_text,
                "alt_text_answered": image.alt_text_answered,
                "caption": image.caption,
                "credit": image.credit,
                "annotations": image.annotations,
                "compare_to": f"image-{image.compare_to_id}" if image.compare_to_id else None,
            }
            for image in step.images.all()
        ]
        questions = []
        for question in step.questions.all():
            data = question.answer_data()
            entry = {
                "key": f"q{question.pk}",
                "type": question.type,
                "stem": question.stem,
                "points": question.points,
                "explanation": question.explanation,
                **{k: _json_number(v) for k, v in data.items()},
            }
            if question.rule:
                entry["rule"] = question.rule
            if question.image_id:
                entry["image"] = f"image-{question.image_id}"
            questions.append(entry)
        steps.append(
            {
                "kind": step.kind,
                "title": step.title,
                "body": step.body,
                "images": image_specs,
                "labs": [lab.describe() for lab in step.labs.all()],
                "questions": questions,
            }
        )
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "case": {
            "slug": case.slug,
            "title": case.title,
            "summary": case.summary,
            "estimated_minutes": case.estimated_minutes,
            "pass_mark": case.pass_mark,
            "objectives": lines(case.objectives),
            "objectives_review": lines(case.objectives_review),
            "diagnosis": case.diagnosis,
            "teaching_points": lines(case.teaching_points),
            "references": lines(case.references),
            "status": "published" if case.published_version_id else "draft",
            "steps": steps,
        },
    }


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
            if info.filename != "case.json" and not _safe_member(info.filename):
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
