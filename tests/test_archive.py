"""Case archives: export and import round-trip; broken or hostile archives import nothing."""

import io
import json
import zipfile

import pytest
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from PIL import Image

from caseapp.archive import ArchiveError, describe, export_case, import_case
from caseapp.demo import load_demo
from caseapp.models import Case, Question, StepImage
from caseapp.snapshot import build_content
from tests.factories import png_bytes

pytestmark = pytest.mark.django_db


def comparable(content: dict) -> dict:
    """A version's content without what differs between installations (ids, file names)."""
    text = json.dumps(content, sort_keys=True)
    data = json.loads(text)
    data["case"].pop("id")
    for step in data["steps"]:
        for image in step["images"]:
            for key in ("id", "name", "compare_to", "renditions"):
                image.pop(key, None)
        for question in step["questions"]:
            question.pop("key")
            question["image"] = bool(question["image"])
            if question["type"] == "ordering":
                # Item ids are shuffled per question (they must not follow the key).
                texts = {item["id"]: item["text"] for item in question["data"]["items"]}
                question["data"]["correct_order"] = [
                    texts[i] for i in question["data"]["correct_order"]
                ]
                question["spec"]["correct"] = question["data"]["correct_order"]
                question["data"]["items"] = sorted(texts.values())
    return data


def archive_bytes(case) -> bytes:
    out = io.BytesIO()
    export_case(case, out)
    return out.getvalue()


def test_export_then_import_of_the_demo_gives_an_equal_case(tmp_path):
    demo, _ = load_demo()
    path = tmp_path / "demo.zip"
    call_command("export_case", demo.slug, "--output", str(path))
    original = comparable(build_content(demo))
    demo.delete()
    call_command("import_case", str(path))
    imported = Case.objects.get(slug="uremic-tumoral-calcinosis")
    assert comparable(build_content(imported)) == original
    assert imported.published_version is not None
    pairs = StepImage.objects.filter(step__case=imported, compare_to__isnull=False)
    assert pairs.count() == 2


def test_importing_over_an_existing_slug_needs_replace():
    demo, _ = load_demo()
    data = archive_bytes(demo)
    with pytest.raises(ArchiveError, match="already exists"):
        import_case(io.BytesIO(data))
    replaced = import_case(io.BytesIO(data), replace=True)
    assert Case.objects.filter(slug=demo.slug).get() == replaced


def test_exported_images_carry_no_metadata():
    demo, _ = load_demo()
    with zipfile.ZipFile(io.BytesIO(archive_bytes(demo))) as archive:
        images = [n for n in archive.namelist() if n.startswith("images/")]
        assert len(images) == 6
        for name in images:
            with Image.open(archive.open(name)) as image:
                assert not image.getexif() and "exif" not in image.info


def make_zip(members: dict[str, bytes | str], *, info_size=None) -> io.BytesIO:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    out.seek(0)
    return out


def small_case(**changes) -> dict:
    case = {
        "slug": "small",
        "title": "Small case",
        "summary": "A test.",
        "estimated_minutes": 5,
        "pass_mark": 50,
        "steps": [
            {
                "kind": "presentation",
                "title": "Only step",
                "body": "Text.",
                "images": [
                    {"key": "scan", "file": "images/scan.png", "alt_text": "A scan.", "caption": ""}
                ],
                "questions": [
                    {
                        "key": "q1",
                        "type": "single",
                        "stem": "Which?",
                        "points": 1,
                        "options": [
                            {"id": "a", "text": "A", "correct": True, "feedback": "Yes."},
                            {"id": "b", "text": "B", "correct": False, "feedback": "No."},
                        ],
                    }
                ],
            }
        ],
    }
    case.update(changes)
    return {"format": "caseapp.case", "format_version": 1, "case": case}


def test_a_small_valid_archive_imports():
    case = import_case(
        make_zip({"case.json": json.dumps(small_case()), "images/scan.png": png_bytes()})
    )
    assert case.steps.get().images.get().alt_text == "A scan."


def _stored_files() -> set[str]:
    try:
        return set(default_storage.listdir("cases")[1])
    except FileNotFoundError:
        return set()


HOSTILE = {
    "not a zip": io.BytesIO(b"this is not a zip file"),
    "path traversal": lambda: make_zip(
        {"case.json": json.dumps(small_case()), "../../etc/evil.png": png_bytes()}
    ),
    "absolute path": lambda: make_zip(
        {"case.json": json.dumps(small_case()), "/tmp/evil.png": png_bytes()}
    ),
    "file outside images/": lambda: make_zip(
        {"case.json": json.dumps(small_case()), "images/../case2.json": "{}"}
    ),
    "no case.json": lambda: make_zip({"images/scan.png": png_bytes()}),
    "case.json not JSON": lambda: make_zip({"case.json": "{not json"}),
    "newer format version": lambda: make_zip(
        {"case.json": json.dumps({**small_case(), "format_version": 2})}
    ),
    "unknown field": lambda: make_zip(
        {"case.json": json.dumps(small_case(evil=True)), "images/scan.png": png_bytes()}
    ),
    "fake image": lambda: make_zip(
        {"case.json": json.dumps(small_case()), "images/scan.png": b"<svg onload=alert(1)>"}
    ),
    "missing image": lambda: make_zip({"case.json": json.dumps(small_case())}),
    "image file path escapes": lambda: make_zip(
        {
            "case.json": json.dumps(small_case()).replace("images/scan.png", "../scan.png"),
            "images/scan.png": png_bytes(),
        }
    ),
    "zip bomb case.json": lambda: make_zip({"case.json": " " * (6 * 1024 * 1024)}),
    "zip bomb image": lambda: make_zip(
        {"case.json": json.dumps(small_case()), "images/scan.png": b"\0" * (16 * 1024 * 1024)}
    ),
    "bad single best answer": lambda: make_zip(
        {
            "case.json": json.dumps(small_case()).replace('"correct": false', '"correct": true'),
            "images/scan.png": png_bytes(),
        }
    ),
}


@pytest.mark.parametrize("name", HOSTILE)
def test_broken_or_hostile_archives_import_nothing(name):
    source = HOSTILE[name]
    fileobj = source() if callable(source) else source
    before = _stored_files()
    with pytest.raises(ArchiveError) as refused:
        import_case(fileobj)
    assert refused.value.problems and all(isinstance(p, str) for p in refused.value.problems)
    assert not Case.objects.exists() and not Question.objects.exists()
    assert _stored_files() == before


def test_import_command_reports_why_and_imports_nothing(tmp_path):
    path = tmp_path / "bad.zip"
    path.write_bytes(make_zip({"case.json": "{}"}).getvalue())
    with pytest.raises(CommandError, match="Nothing was imported: This is not a caseapp case"):
        call_command("import_case", str(path))
    assert not Case.objects.exists()


def test_description_round_trips_through_the_checker():
    demo, _ = load_demo()
    from caseapp.archive import check_data

    assert check_data(describe(demo)) == []


@pytest.mark.parametrize(
    ("where", "value"),
    [("title", "T" * 201), ("credit", "C" * 301), ("unit", "U" * 51), ("lab value", "9" * 101)],
)
def test_fields_longer_than_the_database_allows_are_refused_before_import(where, value):
    data = small_case()
    step = data["case"]["steps"][0]
    if where == "title":
        data["case"]["title"] = value
    elif where == "credit":
        step["images"][0]["credit"] = value
    elif where == "unit":
        step["questions"].append(
            {
                "key": "q2",
                "type": "numeric",
                "stem": "How many?",
                "points": 1,
                "target": 5,
                "unit": value,
            }
        )
    else:
        step["labs"] = [{"analyte": "PTH", "value": value}]
    archive = make_zip({"case.json": json.dumps(data), "images/scan.png": png_bytes()})
    with pytest.raises(ArchiveError, match="longer than|at most"):
        import_case(archive)
    assert not Case.objects.exists()


def test_replacing_a_case_keeps_every_attempt_and_its_review(client_a):
    from django.urls import reverse

    from caseapp.models import Attempt

    demo, _ = load_demo()
    data = archive_bytes(demo)
    client_a.post(reverse("caseapp:start", args=[demo.pk]))
    attempt = Attempt.objects.get()
    replaced = import_case(io.BytesIO(data), replace=True)
    assert replaced.pk == demo.pk
    attempt.refresh_from_db()
    assert client_a.get(reverse("caseapp:step", args=[attempt.pk, 1])).status_code == 200
