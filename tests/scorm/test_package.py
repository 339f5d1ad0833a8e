"""SCORM packages of the demo: valid manifests, everything inside, no answers on show."""

import io
import re
import zipfile

import pytest
from django.core.management import CommandError, call_command

from caseapp.demo import load_demo
from caseapp.models import Case
from caseapp.scorm.manifest import schema_files
from tests.scorm.manifest_validator import validate_manifest

pytestmark = pytest.mark.django_db
EXTERNAL = re.compile(
    r"""(?:src|href|action)\s*=\s*["']?\s*(?:https?:)?//|url\(\s*["']?(?:https?:)?//"""
)


@pytest.fixture(scope="module")
def packages(django_db_setup, django_db_blocker, tmp_path_factory):
    folder = tmp_path_factory.mktemp("scorm")
    with django_db_blocker.unblock():
        case, _ = load_demo()
        out = {}
        for version in ("1.2", "2004"):
            path = folder / f"{version}.zip"
            call_command("export_scorm", case.slug, "--version", version, "--output", str(path))
            out[version] = (zipfile.ZipFile(path), case.published_version.content)
        case.delete()
    return out


@pytest.mark.parametrize("version", ["1.2", "2004"])
def test_manifest_at_the_root_is_valid_against_the_official_schemas(packages, version):
    archive, content = packages[version]
    manifest = archive.read("imsmanifest.xml")
    assert validate_manifest(version, manifest) == []
    names = set(archive.namelist())
    for name, _ in schema_files(version):
        assert name in names
    mastery = str(content["case"]["pass_mark"])
    expected = mastery if version == "1.2" else str(int(mastery) / 100).rstrip("0").rstrip(".")
    assert expected in manifest.decode()
    for href in re.findall(r'<file href="([^"]+)"', manifest.decode()):
        assert href in names, href


@pytest.mark.parametrize("version", ["1.2", "2004"])
def test_everything_the_player_loads_is_inside_the_package(packages, version):
    archive, _ = packages[version]
    names = set(archive.namelist())
    page = archive.read("index.html").decode()
    for ref in re.findall(r'(?:src|href)="([^"#]+)"', page):
        assert ref in names, ref
    for name in names:
        if name.endswith((".html", ".css", ".js")):
            assert not EXTERNAL.search(archive.read(name).decode()), name


@pytest.mark.parametrize("version", ["1.2", "2004"])
def test_the_page_shows_no_feedback_or_explanation_before_answering(packages, version):
    archive, content = packages[version]
    page = archive.read("index.html").decode()
    for step in content["steps"]:
        for question in step["questions"]:
            data = question["data"]
            secrets = [o.get("feedback", "") for o in data.get("options", [])]
            secrets += [data.get("feedback_correct", ""), data.get("feedback_incorrect", "")]
            secrets += [question["explanation"][:60]]
            for secret in filter(None, secrets):
                assert secret[:60] not in page


def test_export_refuses_an_unpublished_case(tmp_path):
    Case.objects.create(title="Draft", slug="draft", summary="S")
    with pytest.raises(CommandError, match="Publish the case"):
        call_command(
            "export_scorm", "draft", "--version", "1.2", "--output", str(tmp_path / "x.zip")
        )


def test_export_of_an_unknown_case_says_so(tmp_path):
    with pytest.raises(CommandError, match="No case has the slug"):
        call_command(
            "export_scorm", "nope", "--version", "2004", "--output", str(tmp_path / "x.zip")
        )


def test_package_is_a_readable_zip_in_memory():
    case, _ = load_demo()
    from caseapp.scorm.package import build_package

    buffer = io.BytesIO()
    files = build_package(case, "2004", buffer)
    assert "index.html" in files and zipfile.ZipFile(buffer).testzip() is None
