"""The imsmanifest.xml of a case's SCORM package, for SCORM 1.2 or 2004 4th edition.

Building needs only the standard library: the manifest is an ``xml.etree.ElementTree`` tree,
so every title, description and file name is escaped by the serializer. Element and
attribute names are written with the conventional SCORM prefixes (``adlcp:``, ``imsss:``...)
declared on the root, because many LMSs read manifests with those prefixes in mind.

The official schemas a manifest names ship in ``schemas/`` and go into every package; the
tests validate built manifests against them (tests/scorm/manifest_validator.py, with lxml,
a dev dependency the app never imports).
"""

import pathlib
import re
import unicodedata
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import quote

VERSIONS = ("1.2", "2004")

SCHEMA_DIR = pathlib.Path(__file__).resolve().parent / "schemas"

XSI = "http://www.w3.org/2001/XMLSchema-instance"

# The longest <title> SCORM allows in an organization or item (1.2: imscp_rootv1p1p2.xsd;
# 2004: the CAM's smallest permitted maximum). The full title stays in the LOM metadata.
TITLE_MAX = 200


@dataclass(frozen=True)
class Spec:
    """What a manifest of one SCORM version is written with."""

    name: str
    folder: str  # under SCHEMA_DIR
    schemaversion: str  # <metadata><schemaversion>
    namespaces: dict[str, str]  # prefix -> namespace; "" is the content-packaging namespace
    locations: tuple[tuple[str, str], ...]  # (prefix, file at the zip root): xsi:schemaLocation
    scormtype: str  # name of the adlcp attribute giving a resource's SCORM type

    @property
    def cp(self) -> str:
        return self.namespaces[""]

    @property
    def adlcp(self) -> str:
        return self.namespaces["adlcp"]

    @property
    def root(self) -> pathlib.Path:
        return SCHEMA_DIR / self.folder


_SCORM12 = Spec(
    name="1.2",
    folder="scorm12",
    schemaversion="1.2",
    namespaces={
        "": "http://www.imsproject.org/xsd/imscp_rootv1p1p2",
        "adlcp": "http://www.adlnet.org/xsd/adlcp_rootv1p2",
        "imsmd": "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1",
        "xsi": XSI,
    },
    locations=(
        ("", "imscp_rootv1p1p2.xsd"),
        ("imsmd", "imsmd_rootv1p2p1.xsd"),
        ("adlcp", "adlcp_rootv1p2.xsd"),
    ),
    scormtype="scormtype",
)

_SCORM2004 = Spec(
    name="2004",
    folder="scorm2004_4th",
    schemaversion="2004 4th Edition",
    namespaces={
        "": "http://www.imsglobal.org/xsd/imscp_v1p1",
        "adlcp": "http://www.adlnet.org/xsd/adlcp_v1p3",
        "adlseq": "http://www.adlnet.org/xsd/adlseq_v1p3",
        "adlnav": "http://www.adlnet.org/xsd/adlnav_v1p3",
        "imsss": "http://www.imsglobal.org/xsd/imsss",
        "lom": "http://ltsc.ieee.org/xsd/LOM",
        "xsi": XSI,
    },
    locations=(
        ("", "imscp_v1p1.xsd"),
        ("adlcp", "adlcp_v1p3.xsd"),
        ("adlseq", "adlseq_v1p3.xsd"),
        ("adlnav", "adlnav_v1p3.xsd"),
        ("imsss", "imsss_v1p0.xsd"),
        ("lom", "lom.xsd"),
    ),
    scormtype="scormType",
)

_SPECS = {"1.2": _SCORM12, "2004": _SCORM2004}


def get_spec(version: str) -> Spec:
    try:
        return _SPECS[version]
    except (KeyError, TypeError):
        raise ValueError(f"unknown SCORM version {version!r}: expected one of {VERSIONS}") from None


# --------------------------------------------------------------------------------------------
# Building
# --------------------------------------------------------------------------------------------

# Characters XML 1.0 cannot carry at all (most C0 controls, surrogates, U+FFFE/U+FFFF).
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_URL_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_LANGUAGE = re.compile(r"[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*")


def xml_id(text: str) -> str:
    """``text`` made a valid xs:ID: ASCII letters, digits, '-', '_' and '.', starting with a
    letter ("Uremic tumoral calcinosis" -> "Uremic-tumoral-calcinosis")."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    ident = re.sub(r"[^A-Za-z0-9._-]+", "-", ascii_text)
    ident = re.sub(r"-{2,}", "-", ident).strip("-._")
    if not ident[:1].isalpha():
        ident = f"id-{ident}" if ident else "id"
    return ident


def _xml_text(text: str) -> str:
    return _NOT_XML.sub("", text)


def _cp_title(title: str) -> str:
    """The title on one line, cut to what a content-packaging <title> may hold."""
    line = " ".join(title.split())
    if len(line) > TITLE_MAX:
        line = line[: TITLE_MAX - 1].rstrip() + "\u2026"
    return line


def _href(path: str, what: str) -> str:
    """A path inside the package as a relative URL (percent-encoded), refusing anything that
    could point outside the package."""
    if not isinstance(path, str) or not path:
        raise ValueError(f"{what} must be a non-empty path inside the package")
    if _URL_SCHEME.match(path) or path.startswith(("/", "\\")):
        raise ValueError(f"{what} {path!r} must be a relative path inside the package")
    if any(part in ("", ".", "..") for part in path.split("/")):
        raise ValueError(f"{what} {path!r} must not have empty, '.' or '..' segments")
    if _NOT_XML.search(path):
        raise ValueError(f"{what} {path!r} has characters XML cannot hold")
    return quote(path, safe="/!$&'()*+,;=@-._~")


def _mastery(mastery_percent: int) -> int:
    if (
        isinstance(mastery_percent, bool)
        or not isinstance(mastery_percent, int)
        or not 0 <= mastery_percent <= 100
    ):
        raise ValueError(
            f"mastery_percent must be an integer from 0 to 100, not {mastery_percent!r}"
        )
    return mastery_percent


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attrs)
    if text is not None:
        element.text = text
    return element


def build_manifest(
    *,
    version: str,
    identifier: str,
    title: str,
    description: str,
    mastery_percent: int,
    files: list[str],
    launch: str = "index.html",
    language: str = "en",
) -> bytes:
    """The imsmanifest.xml (UTF-8 bytes) of a package holding one SCO.

    ``identifier`` is made a valid xs:ID (see ``xml_id``); ``files`` and ``launch`` are paths
    inside the zip (written percent-encoded; the launch file is listed among the files even if
    ``files`` leaves it out); ``mastery_percent`` (0-100) is the score needed to pass;
    ``language`` tags the title and description in the LOM metadata.
    """
    spec = get_spec(version)
    if isinstance(files, str):
        raise TypeError("files must be a list of paths, not one string")
    ident = xml_id(identifier)
    full_title = _xml_text(title).strip()
    if not full_title:
        raise ValueError("title must not be empty")
    short_title = _cp_title(full_title)
    about = _xml_text(description).strip()
    mastery = _mastery(mastery_percent)
    if not isinstance(language, str) or not _LANGUAGE.fullmatch(language):
        raise ValueError(f"language must be a language tag such as 'en', not {language!r}")
    launch_href = _href(launch, "launch")
    hrefs = list(dict.fromkeys(_href(path, "file") for path in files))
    if launch_href not in hrefs:
        hrefs.insert(0, launch_href)

    attrs = {"identifier": ident}
    for prefix, uri in spec.namespaces.items():
        attrs["xmlns:" + prefix if prefix else "xmlns"] = uri
    attrs["xsi:schemaLocation"] = " ".join(
        f"{spec.namespaces[prefix]} {location}" for prefix, location in spec.locations
    )
    manifest = ET.Element("manifest", attrs)

    metadata = _sub(manifest, "metadata")
    _sub(metadata, "schema", "ADL SCORM")
    _sub(metadata, "schemaversion", spec.schemaversion)
    if spec is _SCORM12:
        general = _sub(_sub(metadata, "imsmd:lom"), "imsmd:general")
        _sub(_sub(general, "imsmd:title"), "imsmd:langstring", full_title, **{"xml:lang": language})
        if about:
            description_element = _sub(general, "imsmd:description")
            _sub(description_element, "imsmd:langstring", about, **{"xml:lang": language})
    else:
        general = _sub(_sub(metadata, "lom:lom"), "lom:general")
        _sub(_sub(general, "lom:title"), "lom:string", full_title, language=language)
        if about:
            _sub(_sub(general, "lom:description"), "lom:string", about, language=language)

    org_id, item_id, resource_id = f"{ident}-org", f"{ident}-item", f"{ident}-sco"
    organizations = _sub(manifest, "organizations", default=org_id)
    organization = _sub(organizations, "organization", identifier=org_id)
    _sub(organization, "title", short_title)
    item = _sub(organization, "item", identifier=item_id, identifierref=resource_id)
    _sub(item, "title", short_title)
    if spec is _SCORM12:
        _sub(item, "adlcp:masteryscore", str(mastery))
    else:
        sequencing = _sub(item, "imsss:sequencing")
        objective = _sub(
            _sub(sequencing, "imsss:objectives"),
            "imsss:primaryObjective",
            satisfiedByMeasure="true",
        )
        measure = format(Decimal(mastery) / 100, "f")
        _sub(objective, "imsss:minNormalizedMeasure", measure)

    resource = _sub(
        _sub(manifest, "resources"),
        "resource",
        identifier=resource_id,
        type="webcontent",
        **{f"adlcp:{spec.scormtype}": "sco"},
        href=launch_href,
    )
    for href in hrefs:
        _sub(resource, "file", href=href)

    ET.indent(manifest)
    return ET.tostring(manifest, encoding="utf-8", xml_declaration=True) + b"\n"


def schema_files(version: str) -> list[tuple[str, pathlib.Path]]:
    """(name at the zip root, path on disk) of every schema file the manifest of ``version``
    needs: the files its xsi:schemaLocation names and everything they include or import
    (with the subfolders lom.xsd includes, and the DTDs xml.xsd names)."""
    root = get_spec(version).root
    return [
        (path.relative_to(root).as_posix(), path)
        for path in sorted(root.rglob("*"))
        if path.is_file() and not path.name.startswith(".")
    ]
