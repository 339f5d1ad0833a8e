"""Uploaded images, served only to those who may see them: by Django itself (development,
tests) or, behind nginx, checked here and sent by nginx (X-Accel-Redirect)."""

import mimetypes
from urllib.parse import quote

from django.conf import settings
from django.http import Http404, HttpResponse
from django.views.decorators.http import require_GET
from django.views.static import serve

from ..models import Attempt, Case, CaseVersion


def media_names(content: dict) -> frozenset[str]:
    """Every file a version shows: its images and their renditions."""
    return frozenset(
        name
        for step in content["steps"]
        for image in step["images"]
        for name in [image["name"], *(r["name"] for r in image.get("renditions", []))]
    )


def may_see(user, name: str) -> bool:
    """Staff who author see every image; residents those of published cases and of the
    versions they took, never a draft's."""
    if not user.is_authenticated:
        return False
    if user.is_staff and user.has_perm("caseapp.view_case"):
        return True
    published = (
        Case.objects.published()
        .order_by()
        .values_list("published_version_id", "published_version__digest")
    )
    taken = (
        Attempt.objects.filter(learner=user).order_by().values_list("version_id", "version__digest")
    )
    for version_id, digest in published.union(taken).order_by():  # one query
        version = CaseVersion.from_db(
            CaseVersion.objects.db, ["id", "digest"], [version_id, digest]
        )
        if name in CaseVersion.objects.derived(version, "media_names", media_names):
            return True
    return False


@require_GET
def media(request, path: str):
    if not may_see(request.user, path):
        raise Http404("No such image.")
    if settings.MEDIA_ACCEL_REDIRECT:
        # Only names a case version holds get here, so the path is one of ours.
        content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = settings.MEDIA_ACCEL_REDIRECT + quote(path)
        return response
    return serve(request, path, document_root=settings.MEDIA_ROOT)
