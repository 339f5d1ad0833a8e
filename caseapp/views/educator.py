"""Educator-only helpers for the authoring admin."""

from django.contrib.admin.views.decorators import staff_member_required
from django.http import HttpResponse
from django.views.decorators.http import require_POST

from ..text import render_markdown

MAX_PREVIEW = 100_000


@require_POST
@staff_member_required
def markdown_preview(request):
    """Authored Markdown rendered and sanitized exactly as learners will see it."""
    source = request.POST.get("text", "")[:MAX_PREVIEW]
    return HttpResponse(render_markdown(source), content_type="text/html; charset=utf-8")
