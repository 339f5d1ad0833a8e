"""Uploaded images, served only to those who may see them (development and tests; in
production the same rule belongs in front of the web server's files)."""

from django.conf import settings
from django.http import Http404
from django.views.decorators.http import require_GET
from django.views.static import serve

from ..models import Attempt, Case


def may_see(user, name: str) -> bool:
    """Staff who author see every image; residents those of published cases and of the
    versions they took, never a draft's."""
    if not user.is_authenticated:
        return False
    if user.is_staff and user.has_perm("caseapp.view_case"):
        return True
    quoted = f'"{name}"'  # names are JSON strings inside a frozen version's content
    published = Case.objects.published().filter(published_version__content__icontains=quoted)
    taken = Attempt.objects.filter(learner=user, version__content__icontains=quoted)
    return published.exists() or taken.exists()


@require_GET
def media(request, path: str):
    if not may_see(request.user, path):
        raise Http404("No such image.")
    return serve(request, path, document_root=settings.MEDIA_ROOT)
