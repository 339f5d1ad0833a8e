"""The imsmanifest.xml of a case's SCORM package, and its validation against the official
schemas."""

import hashlib
import re
import socket
import xml.etree.ElementTree as ET

import pytest

from caseapp.scorm.manifest import SCHEMA_DIR, VERSIONS, build_manifest, schema_files, xml_id
from tests.scorm import manifest_validator
from tests.scorm.manifest_validator import validate_manifest

TITLE = 'Uremic tumoral calcinosis & <renal> "failure" \u2014 l\'\u00e9t\u00e9 \u4e2d\u6587'
DESCRIPTION = "A 54-year-old on dialysis with a hip mass. Ca\u00d7P > 70 & <b>rising</b>; 'why?'"
FILES = [
    "index.html",
    "case.js",
    "style.css",
    "images/ct scan 1.png",
    "images/\u00e9chographie.jpg",
]
HREFS = [
    "index.html",
    "case.js",
    "style.css",
    "images/ct%20scan%201.png",
    "images/%C3%A9chographie.jpg",
]

NS = {
    "1.2": {
        "cp": "http://www.imsproject.org/xsd/imscp_rootv1p1p2",
        "adlcp": "http://www.adlnet.org/xsd/adlcp_rootv1p2",
        "imsmd": "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1",
    },
    "2004": {
        "cp": "http://www.imsglobal.org/xsd/imscp_v1p1",
        "adlcp": "http://www.adlnet.org/xsd/adlcp_v1p3",
        "imsss": "http://www.imsglobal.org/xsd/imsss",
        "lom": "http://ltsc.ieee.org/xsd/LOM",
    },
}
XSI_LOCATION = "{http://www.w3.org/2001/XMLSchema-instance}schemaLocation"
XS = "http://www.w3.org/2001/XMLSchema"
XML_NS = "http://www.w3.org/XML/1998/namespace"


def make(version, **overrides):
    arguments = dict(
        version=version,
        identifier="caseapp-uremic-tumoral-calcinosis",
        title=TITLE,
        description=DESCRIPTION,
        mastery_percent=70,
        files=FILES,
    )
    arguments.update(overrides)
    return build_manifest(**arguments)


def edit(xml: bytes, old: bytes, new: bytes) -> bytes:
    assert xml.count(old) == 1, old
    return xml.replace(old, new)


# ---------------------------------------------------------------------------------------------
# What the manifest holds
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("version", VERSIONS)
def test_manifest_with_markup_quotes_and_non_ascii_text_is_valid(version):
    xml = make(version)
    assert validate_manifest(version, xml) == []
    assert ET.fromstring(xml).get("identifier") == "caseapp-uremic-tumoral-calcinosis"


def test_scorm12_manifest_holds_one_sco_its_files_mastery_title_and_description():
    ns = NS["1.2"]
    root = ET.fromstring(make("1.2"))
    assert root.tag == f"{{{ns['cp']}}}manifest"
    assert root.findtext("cp:metadata/cp:schema", namespaces=ns) == "ADL SCORM"
    assert root.findtext("cp:metadata/cp:schemaversion", namespaces=ns) == "1.2"
    general = root.find("cp:metadata/imsmd:lom/imsmd:general", ns)
    title = general.find("imsmd:title/imsmd:langstring", ns)
    assert title.text == TITLE
    assert title.get(f"{{{XML_NS}}}lang") == "en"
    assert general.findtext("imsmd:description/imsmd:langstring", namespaces=ns) == DESCRIPTION

    (resource,) = root.findall("cp:resources/cp:resource", ns)
    assert resource.get("type") == "webcontent"
    assert resource.get(f"{{{ns['adlcp']}}}scormtype") == "sco"
    assert resource.get("href") == "index.html"
    assert [f.get("href") for f in resource.findall("cp:file", ns)] == HREFS

    organizations = root.find("cp:organizations", ns)
    (organization,) = organizations.findall("cp:organization", ns)
    assert organizations.get("default") == organization.get("identifier")
    assert organization.findtext("cp:title", namespaces=ns) == TITLE
    (item,) = organization.findall("cp:item", ns)
    assert item.get("identifierref") == resource.get("identifier")
    assert item.findtext("cp:title", namespaces=ns) == TITLE
    assert item.findtext("adlcp:masteryscore", namespaces=ns) == "70"


def test_scorm2004_manifest_holds_one_sco_its_files_mastery_title_and_description():
    ns = NS["2004"]
    root = ET.fromstring(make("2004"))
    assert root.tag == f"{{{ns['cp']}}}manifest"
    assert root.findtext("cp:metadata/cp:schema", namespaces=ns) == "ADL SCORM"
    assert root.findtext("cp:metadata/cp:schemaversion", namespaces=ns) == "2004 4th Edition"
    general = root.find("cp:metadata/lom:lom/lom:general", ns)
    title = general.find("lom:title/lom:string", ns)
    assert (title.text, title.get("language")) == (TITLE, "en")
    description = general.find("lom:description/lom:string", ns)
    assert (description.text, description.get("language")) == (DESCRIPTION, "en")

    (resource,) = root.findall("cp:resources/cp:resource", ns)
    assert resource.get("type") == "webcontent"
    assert resource.get(f"{{{ns['adlcp']}}}scormType") == "sco"
    assert resource.get("href") == "index.html"
    assert [f.get("href") for f in resource.findall("cp:file", ns)] == HREFS

    organizations = root.find("cp:organizations", ns)
    (organization,) = organizations.findall("cp:organization", ns)
    assert organizations.get("default") == organization.get("identifier")
    assert organization.findtext("cp:title", namespaces=ns) == TITLE
    (item,) = organization.findall("cp:item", ns)
    assert item.get("identifierref") == resource.get("identifier")
    assert item.findtext("cp:title", namespaces=ns) == TITLE
    objective = item.find("imsss:sequencing/imsss:objectives/imsss:primaryObjective", ns)
    assert objective.get("satisfiedByMeasure") == "true"
    assert objective.findtext("imsss:minNormalizedMeasure", namespaces=ns) == "0.7"


@pytest.mark.parametrize(
    ("percent", "score_12", "measure_2004"),
    [(0, "0", "0"), (5, "5", "0.05"), (70, "70", "0.7"), (85, "85", "0.85"), (100, "100", "1")],
)
def test_mastery_is_a_percent_in_12_and_a_decimal_measure_in_2004(percent, score_12, measure_2004):
    xml_12 = make("1.2", mastery_percent=percent)
    xml_2004 = make("2004", mastery_percent=percent)
    assert ET.fromstring(xml_12).findtext(".//adlcp:masteryscore", namespaces=NS["1.2"]) == score_12
    found = ET.fromstring(xml_2004).findtext(".//imsss:minNormalizedMeasure", namespaces=NS["2004"])
    assert found == measure_2004
    assert validate_manifest("1.2", xml_12) == [] and validate_manifest("2004", xml_2004) == []


@pytest.mark.parametrize("version", VERSIONS)
def test_launch_file_is_listed_once_even_when_files_leave_it_out(version):
    ns = NS[version]
    xml = make(version, files=["case.js", "case.js"], launch="start/index.html")
    resource = ET.fromstring(xml).find("cp:resources/cp:resource", ns)
    assert resource.get("href") == "start/index.html"
    assert [f.get("href") for f in resource.findall("cp:file", ns)] == [
        "start/index.html",
        "case.js",
    ]
    assert validate_manifest(version, xml) == []


@pytest.mark.parametrize("version", VERSIONS)
def test_long_title_is_cut_for_the_organization_but_kept_whole_in_the_metadata(version):
    ns = NS[version]
    title = "Calcinosis " * 40
    xml = make(version, title=title)
    assert validate_manifest(version, xml) == []
    root = ET.fromstring(xml)
    short = root.findtext("cp:organizations/cp:organization/cp:title", namespaces=ns)
    assert len(short) == 200 and short.endswith("\u2026")
    assert title.strip() in xml.decode()


@pytest.mark.parametrize("version", VERSIONS)
def test_characters_xml_cannot_hold_are_dropped(version):
    xml = make(version, title="Tumoral\x0b calcinosis\x00", description="a\x1bb")
    assert validate_manifest(version, xml) == []
    assert b"Tumoral calcinosis" in xml


@pytest.mark.parametrize("version", VERSIONS)
def test_empty_description_is_left_out(version):
    xml = make(version, description=" \n ")
    assert validate_manifest(version, xml) == []
    assert b"description" not in xml


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("caseapp-uremic-tumoral-calcinosis", "caseapp-uremic-tumoral-calcinosis"),
        ("Uremic tumoral calcinosis", "Uremic-tumoral-calcinosis"),
        ("  \u00c9tude: r\u00e9nale / 2 ", "Etude-renale-2"),
        ("42 cases", "id-42-cases"),
        ("\u4e2d\u6587", "id"),
    ],
)
def test_identifier_is_made_a_valid_xml_id(text, expected):
    assert xml_id(text) == expected
    for version in VERSIONS:
        assert validate_manifest(version, make(version, identifier=text)) == []


@pytest.mark.parametrize("version", VERSIONS)
def test_manifest_names_no_other_host_outside_namespace_identifiers(version):
    root = ET.fromstring(make(version))
    for element in root.iter():
        for name, value in element.attrib.items():
            if name != XSI_LOCATION:
                assert "://" not in value, (element.tag, name, value)
        assert "://" not in (element.text or "")


@pytest.mark.parametrize(
    "path", ["../secret.txt", "/etc/passwd", "http://cdn.example.org/x.js", "//host/x.js", "a//b"]
)
def test_paths_that_leave_the_package_are_refused(path):
    with pytest.raises(ValueError):
        make("2004", files=["index.html", path])
    with pytest.raises(ValueError):
        make("1.2", launch=path)


@pytest.mark.parametrize("percent", [-1, 101, 70.0, True])
def test_mastery_outside_0_to_100_is_refused(percent):
    with pytest.raises(ValueError):
        make("1.2", mastery_percent=percent)


def test_unknown_version_and_empty_title_are_refused():
    with pytest.raises(ValueError):
        make("2004 3rd Edition")
    with pytest.raises(ValueError):
        make("1.2", title="  ")
    with pytest.raises(ValueError):
        validate_manifest("1.3", make("1.2"))


# ---------------------------------------------------------------------------------------------
# The validator really validates
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("version", VERSIONS)
def test_validation_reports_a_manifest_without_organizations(version):
    xml = re.sub(rb"\s*<organizations.*</organizations>", b"", make(version), flags=re.S)
    problems = validate_manifest(version, xml)
    assert len(problems) == 1
    assert "resources" in problems[0] and "organizations" in problems[0]


def test_validation_reports_a_scorm12_mastery_score_over_100():
    xml = edit(make("1.2"), b"<adlcp:masteryscore>70<", b"<adlcp:masteryscore>150<")
    (problem,) = validate_manifest("1.2", xml)
    assert "adlcp:masteryscore must be a number from 0 to 100" in problem and "'150'" in problem


def test_validation_checks_the_imsss_extension_inside_a_lax_wildcard():
    # imscp_v1p1.xsd lets any other namespace in with processContents="lax": the sequencing
    # must still be checked against imsss_v1p0.xsd.
    xml = edit(make("2004"), b">0.7<", b">1.5<")
    (problem,) = validate_manifest("2004", xml)
    assert "minNormalizedMeasure" in problem and "maximum" in problem


@pytest.mark.parametrize(
    ("version", "old", "new", "bogus"),
    [
        # Where the content-packaging schema has a lax wildcard (2004) or a strict one (1.2).
        ("2004", b"<imsss:sequencing>", b"<imsss:bogus/><imsss:sequencing>", "imsss:bogus"),
        ("2004", b"<lom:lom>", b"<lom:bogus/><lom:lom>", "lom:bogus"),
        ("1.2", b"<adlcp:masteryscore>", b"<adlcp:bogus/><adlcp:masteryscore>", "adlcp:bogus"),
        # Inside the extension elements' own content models.
        ("2004", b"<imsss:objectives>", b"<imsss:bogus/><imsss:objectives>", "imsss:bogus"),
        ("2004", b"<lom:title>", b"<lom:bogus/><lom:title>", "lom:bogus"),
        ("1.2", b"<imsmd:title>", b"<imsmd:bogus/><imsmd:title>", "imsmd:bogus"),
    ],
)
def test_validation_refuses_unknown_elements_of_the_extension_namespaces(version, old, new, bogus):
    problems = validate_manifest(version, edit(make(version), old, new))
    assert len(problems) == 1, problems
    assert bogus in problems[0]


@pytest.mark.parametrize(
    ("version", "good", "bad"),
    [
        ("2004", b"adlcp:scormType=", b"adlcp:scormtype="),
        ("1.2", b"adlcp:scormtype=", b"adlcp:scormType="),
    ],
)
def test_validation_refuses_the_other_versions_spelling_of_scorm_type(version, good, bad):
    problems = validate_manifest(version, edit(make(version), good, bad))
    assert any(bad.decode().rstrip("=") in p and "declar" in p for p in problems), problems
    assert any("has no adlcp:" in p for p in problems), problems


def test_validation_refuses_a_scorm_type_outside_sco_and_asset():
    xml = edit(make("2004"), b'adlcp:scormType="sco"', b'adlcp:scormType="lesson"')
    (problem,) = validate_manifest("2004", xml)
    assert "'lesson'" in problem


@pytest.mark.parametrize(
    ("version", "old", "new"),
    [
        ("1.2", b'xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"', b'xmlns="urn:x:cp"'),
        ("2004", b'xmlns="http://www.imsglobal.org/xsd/imscp_v1p1"', b'xmlns="urn:x:cp"'),
        (
            "2004",
            b'xmlns="http://www.imsglobal.org/xsd/imscp_v1p1"',
            b'xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"',
        ),
    ],
)
def test_validation_refuses_a_manifest_in_the_wrong_namespace(version, old, new):
    (problem,) = validate_manifest(version, edit(make(version), old, new))
    assert "root element" in problem


@pytest.mark.parametrize(
    ("version", "old", "new", "namespace"),
    [
        (
            "2004",
            b'xmlns:imsss="http://www.imsglobal.org/xsd/imsss"',
            b'xmlns:imsss="http://www.imsglobal.org/xsd/imsss_v1p0"',
            "http://www.imsglobal.org/xsd/imsss_v1p0",
        ),
        (
            "2004",
            b'xmlns:lom="http://ltsc.ieee.org/xsd/LOM"',
            b'xmlns:lom="http://ltsc.ieee.org/xsd/lom"',
            "http://ltsc.ieee.org/xsd/lom",
        ),
        (
            "1.2",
            b'xmlns:imsmd="http://www.imsglobal.org/xsd/imsmd_rootv1p2p1"',
            b'xmlns:imsmd="http://www.imsglobal.org/xsd/imsmd_rootv1p2"',
            "http://www.imsglobal.org/xsd/imsmd_rootv1p2",
        ),
    ],
)
def test_validation_refuses_a_misspelled_extension_namespace(version, old, new, namespace):
    problems = validate_manifest(version, edit(make(version), old, new))
    assert problems and all(namespace in p for p in problems), problems


@pytest.mark.parametrize("version", VERSIONS)
def test_validation_refuses_schema_locations_the_package_does_not_ship(version):
    xml = make(version)
    location = ET.fromstring(xml).get(XSI_LOCATION)
    shipped = location.split()[1]
    xml = edit(xml, f" {shipped}".encode(), b" http://schemas.example.org/cp.xsd")
    (problem,) = validate_manifest(version, xml)
    assert "schemaLocation" in problem and shipped in problem


@pytest.mark.parametrize("version", VERSIONS)
def test_validation_refuses_an_item_pointing_at_no_resource(version):
    xml = make(version)
    xml = edit(xml, b'identifierref="caseapp-uremic-tumoral-calcinosis-sco"', b'identifierref="x"')
    (problem,) = validate_manifest(version, xml)
    assert "refers to no resource" in problem


@pytest.mark.parametrize("version", VERSIONS)
def test_validation_refuses_the_other_versions_schemaversion(version):
    other = {"1.2": b"2004 4th Edition", "2004": b"1.2"}[version]
    xml = re.sub(rb"<schemaversion>[^<]*<", b"<schemaversion>" + other + b"<", make(version))
    problems = validate_manifest(version, xml)
    assert problems and all("schemaversion" in p for p in problems), problems


@pytest.mark.parametrize("version", VERSIONS)
def test_validation_reports_malformed_xml(version):
    (problem,) = validate_manifest(version, make(version)[:-30])
    assert problem.startswith("not well-formed XML")


def test_validation_refuses_a_doctype_without_expanding_its_entities():
    xml = make("1.2")
    doctype = b'<!DOCTYPE manifest [<!ENTITY big "' + b"x" * 1000 + b'">]>\n<manifest'
    xml = edit(xml, b"\n<manifest", b"\n" + doctype).replace(b">70<", b">&big;<")
    (problem,) = validate_manifest("1.2", xml)
    assert "DOCTYPE" in problem and "x" * 1000 not in problem


# ---------------------------------------------------------------------------------------------
# The schema files a package ships
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("version", VERSIONS)
def test_schema_files_exist_and_include_every_schema_location_of_the_manifest(version):
    files = schema_files(version)
    names = {name for name, _ in files}
    assert len(names) == len(files)
    for name, path in files:
        assert path.is_file(), path
        assert not name.startswith("/") and ".." not in name.split("/")
    location = ET.fromstring(make(version)).get(XSI_LOCATION).split()
    namespaces, locations = location[::2], location[1::2]
    assert len(namespaces) == len(locations) == len(set(namespaces))
    assert set(locations) <= names
    used = {tag[1:].split("}")[0] for tag in (e.tag for e in ET.fromstring(make(version)).iter())}
    assert used <= set(namespaces)


@pytest.mark.parametrize("version", VERSIONS)
def test_schema_files_hold_everything_they_include_import_or_name(version):
    files = dict(schema_files(version))
    for name, path in files.items():
        folder = name.rpartition("/")[0]
        text = path.read_text(encoding="utf-8")
        if name.endswith(".xsd"):
            # ims_xml.xsd binds the reserved xml namespace, which expat refuses too.
            schema = ET.fromstring(text.replace(f'xmlns="{XML_NS}"', ""))
            references = [
                child.get("schemaLocation")
                for child in schema
                if child.tag in (f"{{{XS}}}include", f"{{{XS}}}import")
                and child.get("schemaLocation")
            ]
        else:
            references = []
        references += re.findall(r"<!DOCTYPE[^>]*\"([^\"]+\.dtd)\"", text)
        references += re.findall(r"<!ENTITY[^>]*'([^']+\.dtd)'", text)
        for reference in references:
            if reference == "http://www.w3.org/2001/xml.xsd":  # the validator uses xml.xsd
                assert name == "imscp_v1p1.xsd" and "xml.xsd" in files
                continue
            assert "://" not in reference, (name, reference)
            target = f"{folder}/{reference}" if folder else reference
            assert target in files, (name, reference)


def test_shipped_schema_files_are_the_unmodified_originals():
    sums = dict(
        (name, digest)
        for digest, name in re.findall(
            r"^([0-9a-f]{64})  (\S+)$", (SCHEMA_DIR / "SOURCES.md").read_text(), flags=re.M
        )
    )
    folders = {"1.2": "scorm12", "2004": "scorm2004_4th"}
    for version in VERSIONS:
        for name, path in schema_files(version):
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            assert sums[f"{folders[version]}/{name}"] == digest, name


def test_validation_never_uses_the_network(monkeypatch):
    def no_network(*args, **kwargs):
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket, "socket", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket, "getaddrinfo", no_network)
    requested = []
    local_name = manifest_validator._local_name

    def spy(url, folder):
        requested.append(url)
        return local_name(url, folder)

    monkeypatch.setattr(manifest_validator, "_local_name", spy)
    manifest_validator._validator.cache_clear()  # load the schemas again, under the patches
    try:
        for version in VERSIONS:
            assert validate_manifest(version, make(version)) == []
    finally:
        manifest_validator._validator.cache_clear()
    assert requested, "the schemas were not loaded through the local resolver"
    for url in requested:
        assert url.startswith(str(SCHEMA_DIR)), url
