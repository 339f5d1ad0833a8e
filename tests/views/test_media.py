"""Images reach those who may see them: renditions too, and old versions' files stay reachable."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse

from caseapp.demo import load_demo
from caseapp.models import Attempt
from caseapp.publishing import publish
from tests.factories import png_bytes

pytestmark = pytest.mark.django_db


def test_residents_get_renditions_and_keep_the_images_of_the_version_they_took(client_a, client_b):
    case, _ = load_demo()
    image = case.steps.get(kind="imaging").images.first()
    rendition = image.renditions[0]["name"]
    assert client_a.get(default_storage.url(rendition)).status_code == 200
    client_a.post(reverse("caseapp:start", args=[case.pk]))
    assert Attempt.objects.filter(learner__username="resident").exists()
    old = image.image.name
    image.image.save("replacement.png", ContentFile(png_bytes()), save=True)
    publish(case)
    # The learner who took the old version still sees its image; a newcomer does not.
    assert client_a.get(default_storage.url(old)).status_code == 200
    assert client_b.get(default_storage.url(old)).status_code == 404
    assert client_b.get(default_storage.url(image.image.name)).status_code == 200


def test_files_that_belong_to_no_case_are_not_served(client_a):
    name = default_storage.save("cases/stray.png", ContentFile(png_bytes()))
    assert client_a.get(default_storage.url(name)).status_code == 404
    assert client_a.get("/media/../caseapp/settings.py").status_code == 404


def test_behind_nginx_django_checks_and_nginx_sends_the_file(client_a, client_b, settings):
    settings.MEDIA_ACCEL_REDIRECT = "/protected-media/"
    case, _ = load_demo()
    image = case.steps.get(kind="imaging").images.first()
    rendition = image.renditions[0]["name"]
    allowed = client_a.get(default_storage.url(rendition))
    assert allowed.status_code == 200 and allowed.content == b""
    assert allowed["X-Accel-Redirect"] == f"/protected-media/{rendition}"
    assert allowed["Content-Type"] == "image/webp"
    stray = default_storage.save("cases/stray.png", ContentFile(png_bytes()))
    refused = client_b.get(default_storage.url(stray))
    assert refused.status_code == 404 and "X-Accel-Redirect" not in refused
