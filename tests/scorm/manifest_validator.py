"""Validating a SCORM manifest against the official schemas, for the tests (needs lxml).

It checks a manifest against the schemas shipped in ``caseapp/scorm/schemas/`` -- the
content-packaging schema *and* every extension schema (ADL CP, IMS Simple Sequencing, LOM /
IMS MD), through a wrapper schema that imports each of them -- plus the few SCORM rules the
schemas cannot express. It never uses the network: every schema document is served from the
shipped folder by a resolver.
"""

import functools
import pathlib
import re
import threading
from decimal import Decimal
from urllib.parse import unquote, urlsplit

from lxml import etree

from caseapp.scorm.manifest import XSI, Spec, get_spec, schema_files

XML_NS = "http://www.w3.org/XML/1998/namespace"
XS = "http://www.w3.org/2001/XMLSchema"
_URL_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")

# (namespace, file) of each version, imported by the validation wrapper.
IMPORTS = {
    "1.2": (
        ("http://www.imsproject.org/xsd/imscp_rootv1p1p2", "imscp_rootv1p1p2.xsd"),
        ("http://www.adlnet.org/xsd/adlcp_rootv1p2", "adlcp_rootv1p2.xsd"),
        ("http://www.imsglobal.org/xsd/imsmd_rootv1p2p1", "imsmd_rootv1p2p1.xsd"),
        (XML_NS, "ims_xml.xsd"),
    ),
    "2004": (
        ("http://www.imsglobal.org/xsd/imscp_v1p1", "imscp_v1p1.xsd"),
        ("http://www.adlnet.org/xsd/adlcp_v1p3", "adlcp_v1p3.xsd"),
        ("http://www.adlnet.org/xsd/adlseq_v1p3", "adlseq_v1p3.xsd"),
        ("http://www.adlnet.org/xsd/adlnav_v1p3", "adlnav_v1p3.xsd"),
        ("http://www.imsglobal.org/xsd/imsss", "imsss_v1p0.xsd"),
        ("http://ltsc.ieee.org/xsd/LOM", "lom.xsd"),
        (XML_NS, "xml.xsd"),
    ),
}

# The originals do not load in libxml2 as they are (see caseapp/scorm/schemas/README.md):
# (file, old, new) replacements made in memory when validating; the shipped files stay
# unmodified.
LOAD_FIXES = {
    "1.2": (
        # libxml2 refuses binding the reserved xml namespace as the default namespace.
        ("ims_xml.xsd", b'xmlns="http://www.w3.org/XML/1998/namespace"', b""),
        # <xsd:any namespace="##any"> after optional elements breaks the Unique Particle
        # Attribution rule in libxml2.
        ("imsmd_rootv1p2p1.xsd", b'namespace="##any"', b'namespace="##other"'),
    ),
    "2004": (
        # The DOCTYPE names XMLSchema.dtd; nothing should load it.
        (
            "xml.xsd",
            b'<!DOCTYPE xs:schema PUBLIC "-//W3C//DTD XMLSCHEMA 200102//EN" "XMLSchema.dtd" >',
            b"",
        ),
        # Imported from the W3C's site in the original: use the copy beside it.
        (
            "imscp_v1p1.xsd",
            b'schemaLocation = "http://www.w3.org/2001/xml.xsd"',
            b'schemaLocation = "xml.xsd"',
        ),
    ),
}


def validate_manifest(version: str, xml: bytes) -> list[str]:
    """Problems found in manifest ``xml`` for SCORM ``version``, one readable message each;
    [] when it is valid.

    Checks, in order: well-formedness (no DOCTYPE); the root element; the official schemas
    of every namespace the manifest uses; that every element and attribute belongs to a
    namespace this package ships a schema for and is declared there (the 2004
    content-packaging and LOM schemas let undeclared extension elements through with lax
    wildcards, and would let a misspelled namespace through unchecked); that
    xsi:schemaLocation names the shipped file of every namespace used; and the SCORM rules
    the schemas leave out (metadata schema and version, every resource's SCORM type,
    references between organizations, items and resources, the 1.2 mastery score range).
    """
    spec = get_spec(version)
    if isinstance(xml, str):
        xml = xml.encode("utf-8")
    parser = etree.XMLParser(no_network=True, resolve_entities=False, load_dtd=False)
    try:
        root = etree.fromstring(xml, parser)
    except etree.XMLSyntaxError as exc:
        return [f"not well-formed XML: {exc}"]
    if root.getroottree().docinfo.doctype:
        return [
            "the manifest has a DOCTYPE: a manifest is described by its schemas alone, and its "
            "entities are not expanded"
        ]
    if root.tag != f"{{{spec.cp}}}manifest":
        return [
            f"line {root.sourceline}: the root element is {_display(spec, str(root.tag))}, "
            f"not the manifest of SCORM {version} (element manifest in namespace {spec.cp})"
        ]
    validator = _validator(version)
    keyed = validator.schema_problems(root)
    reported = {key for key, _ in keyed}
    keyed += [(key, p) for key, p in validator.namespace_problems(root) if key not in reported]
    problems = [problem for _, problem in keyed]
    problems += _schema_location_problems(spec, root)
    problems += _scorm_rules(spec, root)
    return problems


def _display(spec: Spec, text: str) -> str:
    """``text`` with each "{namespace}name" of ``spec`` written prefix:name, as in the built
    manifests (the content-packaging namespace as imscp:)."""
    for prefix, uri in spec.namespaces.items():
        text = text.replace(f"##other{{{uri}}}*", "##other")
        text = text.replace(f"{{{uri}}}", f"{prefix or 'imscp'}:")
    return text


def _split(name: str) -> tuple[str | None, str]:
    if name.startswith("{"):
        uri, local = name[1:].split("}", 1)
        return uri, local
    return None, name


def _schema_texts(spec: Spec) -> dict[str, bytes]:
    """The schema files of ``spec`` (name relative to its folder -> bytes), as libxml2 can
    load them."""
    texts = {name: path.read_bytes() for name, path in schema_files(spec.name)}
    for name, old, new in LOAD_FIXES[spec.name]:
        if texts[name].count(old) != 1:
            raise RuntimeError(f"{spec.root / name} changed: cannot apply its loading fix")
        texts[name] = texts[name].replace(old, new)
    return texts


# A problem with the element (or attribute) it is about, to report each once:
# ((line, "{namespace}name"), message).
_Keyed = tuple[tuple[int, str], str]

_LIBXML2_SUBJECT = re.compile(r"Element '([^']+)'(?:, attribute '([^']+)')?:")


class _Validator:
    """The compiled schemas of one SCORM version, loaded from the shipped files only."""

    def __init__(self, spec: Spec):
        self.spec = spec
        self.lock = threading.Lock()  # an lxml schema runs one validation at a time
        texts = _schema_texts(spec)
        folder = spec.root.resolve()
        refused: list[str] = []

        class LocalSchemas(etree.Resolver):
            """Serves every schema document from the folder; refuses anything else."""

            def resolve(self, url, public_id, context):
                name = _local_name(url, folder)
                if name in texts:
                    return self.resolve_string(texts[name], context, base_url=str(folder / name))
                refused.append(url or public_id or "?")
                return self.resolve_string(b"<refused/>", context)

        parser = etree.XMLParser(no_network=True, resolve_entities=False, load_dtd=False)
        parser.resolvers.add(LocalSchemas())
        # The content-packaging schema alone would leave the extension namespaces to its
        # wildcards; a schema importing every namespace makes all of them known.
        imports = "".join(
            f'<xs:import namespace="{ns}" schemaLocation="{name}"/>'
            for ns, name in IMPORTS[spec.name]
        )
        wrapper = f'<xs:schema xmlns:xs="{XS}">{imports}</xs:schema>'.encode()
        document = etree.fromstring(wrapper, parser, base_url=str(folder / "_all.xsd"))
        try:
            self.schema = etree.XMLSchema(document)
        except etree.XMLSchemaParseError as exc:
            raise RuntimeError(
                f"the SCORM {spec.name} schemas in {folder} do not load: {exc}"
            ) from exc
        if refused:
            raise RuntimeError(f"the SCORM {spec.name} schemas need files not shipped: {refused}")

        # Global element and attribute declarations of each namespace with a schema.
        self.elements: dict[str, set[str]] = {}
        self.attributes: dict[str, set[str]] = {}
        for name, text in texts.items():
            if name.endswith(".xsd"):
                schema_root = etree.fromstring(text, parser)
                namespace = schema_root.get("targetNamespace")
                for child in schema_root.iterchildren(f"{{{XS}}}element", f"{{{XS}}}attribute"):
                    kind = self.elements if child.tag == f"{{{XS}}}element" else self.attributes
                    kind.setdefault(namespace, set()).add(child.get("name"))

    def schema_problems(self, root) -> list[_Keyed]:
        with self.lock:
            self.schema.validate(root)
            log = list(self.schema.error_log)
        problems = []
        for error in log:
            subject = _LIBXML2_SUBJECT.match(error.message)
            key = (error.line, (subject.group(2) or subject.group(1)) if subject else "")
            problems.append((key, f"line {error.line}: {_display(self.spec, error.message)}"))
        return problems

    def namespace_problems(self, root) -> list[_Keyed]:
        """Elements and attributes in a namespace without a shipped schema, or that the
        schema of their namespace does not declare where a wildcard lets them in."""
        spec = self.spec
        problems = []
        for element in root.iter("*"):
            namespace, local = _split(element.tag)
            line, name = element.sourceline, _display(spec, element.tag)
            parent = element.getparent()
            if namespace not in self.elements:
                if parent is not None and _split(parent.tag)[0] == namespace:
                    continue  # reported with its parent
                problems.append(
                    (
                        (line, element.tag),
                        f"line {line}: element {name} (with its content) is in a namespace "
                        f"no shipped SCORM {spec.name} schema describes "
                        f"({namespace or 'no namespace'})",
                    )
                )
            elif (
                parent is not None
                and _split(parent.tag)[0] != namespace
                and local not in self.elements[namespace]
            ):
                problems.append(
                    (
                        (line, element.tag),
                        f"line {line}: element {name} is not declared "
                        f"by the schema of its namespace ({namespace})",
                    )
                )
            for attribute in element.attrib:
                namespace, local = _split(attribute)
                if namespace is None or namespace == XSI:
                    continue
                what = f"line {line}: attribute {_display(spec, attribute)} of {name}"
                if namespace not in self.attributes and namespace not in self.elements:
                    problems.append(
                        (
                            (line, attribute),
                            f"{what} is in a namespace no shipped SCORM "
                            f"{spec.name} schema describes ({namespace})",
                        )
                    )
                elif local not in self.attributes.get(namespace, ()):
                    problems.append(
                        (
                            (line, attribute),
                            f"{what} is not declared by the schema of its namespace ({namespace})",
                        )
                    )
        return problems


def _local_name(url: str | None, folder: pathlib.Path) -> str | None:
    """The name inside ``folder`` of the file ``url`` points at, if it is one there."""
    if not url:
        return None
    if url.startswith("file:"):
        url = unquote(urlsplit(url).path)
    elif _URL_SCHEME.match(url):
        return None  # another host: never fetched
    try:
        return pathlib.Path(url).resolve().relative_to(folder).as_posix()
    except ValueError:
        return None


@functools.cache
def _validator(version: str) -> _Validator:
    return _Validator(get_spec(version))


def _schema_location_problems(spec: Spec, root) -> list[str]:
    """xsi:schemaLocation must pair every namespace used with its file at the zip root."""
    where = f"line {root.sourceline}: "
    shipped = {spec.namespaces[prefix]: location for prefix, location in spec.locations}
    value = root.get(f"{{{XSI}}}schemaLocation")
    if value is None:
        return [f"{where}the manifest has no xsi:schemaLocation"]
    tokens = value.split()
    if len(tokens) % 2:
        return [f"{where}xsi:schemaLocation must hold namespace/file pairs: {value!r}"]
    pairs = dict(zip(tokens[::2], tokens[1::2], strict=True))
    problems = []
    for namespace, location in pairs.items():
        if namespace not in shipped:
            problems.append(
                f"{where}xsi:schemaLocation names {namespace}, which has no shipped schema"
            )
        elif location != shipped[namespace]:
            problems.append(
                f"{where}xsi:schemaLocation gives {location!r} for {namespace}; the package "
                f"ships {shipped[namespace]!r}"
            )
    used = {_split(element.tag)[0] for element in root.iter("*")}
    used |= {_split(name)[0] for element in root.iter("*") for name in element.attrib}
    for namespace in sorted(used & shipped.keys() - pairs.keys()):
        problems.append(f"{where}xsi:schemaLocation has no pair for namespace {namespace}")
    return problems


_CMI_DECIMAL = re.compile(r"\d+(\.\d+)?")


def _scorm_rules(spec: Spec, root) -> list[str]:
    """What SCORM's Content Aggregation Model requires beyond the schemas."""
    cp, adlcp = spec.cp, spec.adlcp
    problems = []

    def where(element) -> str:
        return f"line {element.sourceline}: "

    metadata = root.find(f"{{{cp}}}metadata")
    if metadata is None:
        problems.append(f"{where(root)}the manifest has no <metadata> (schema and schemaversion)")
    else:
        schema = metadata.findtext(f"{{{cp}}}schema")
        version = metadata.findtext(f"{{{cp}}}schemaversion")
        if schema != "ADL SCORM":
            problems.append(f"{where(metadata)}<schema> must be 'ADL SCORM', not {schema!r}")
        if version != spec.schemaversion:
            problems.append(
                f"{where(metadata)}<schemaversion> must be {spec.schemaversion!r}, not {version!r}"
            )

    resources = list(root.iter(f"{{{cp}}}resource"))
    resource_ids = {resource.get("identifier") for resource in resources}
    for resource in resources:
        if resource.get(f"{{{adlcp}}}{spec.scormtype}") is None:
            problems.append(
                f"{where(resource)}resource {resource.get('identifier')!r} has no "
                f"adlcp:{spec.scormtype} attribute"
            )
    for item in root.iter(f"{{{cp}}}item"):
        ref = item.get("identifierref")
        if ref is not None and ref not in resource_ids:
            problems.append(f"{where(item)}item {item.get('identifier')!r} refers to no resource")

    for organizations in root.iter(f"{{{cp}}}organizations"):
        org_ids = {org.get("identifier") for org in organizations.iter(f"{{{cp}}}organization")}
        default = organizations.get("default")
        if org_ids and default not in org_ids:
            problems.append(
                f"{where(organizations)}<organizations default> must name one of its "
                f"organizations, not {default!r}"
            )

    if spec.name == "1.2":
        for score in root.iter(f"{{{adlcp}}}masteryscore"):
            text = (score.text or "").strip()
            if not _CMI_DECIMAL.fullmatch(text) or Decimal(text) > 100:
                problems.append(
                    f"{where(score)}adlcp:masteryscore must be a number from 0 to 100, not {text!r}"
                )
    return problems
