"""Loading the demo case: fixtures/demo_case.json with the images drawn here, as an import."""

import json
from pathlib import Path

from django.conf import settings

from ..archive import create_case
from ..models import Case

DEMO_PATH = Path(settings.BASE_DIR) / "fixtures" / "demo_case.json"
DEMO_SLUG = "uremic-tumoral-calcinosis"


def load_demo(*, replace: bool = False) -> tuple[Case, bool]:
    """The demo case, imported with its generated images unless it already exists."""
    from .images import render_png  # drawing is only needed here

    existing = Case.objects.filter(slug=DEMO_SLUG).first()
    if existing and not replace:
        return existing, False
    data = json.loads(DEMO_PATH.read_text(encoding="utf-8"))
    return create_case(data, lambda image: render_png(image["key"]), replace=replace), True
