"""`make bench` only: a bare view, the throughput baseline every page is compared with.

bench/settings.py routes it (bench/urls.py) for the benchmark's server, so it goes through
the same server, middleware and settings as the learner pages, and does no work of its own:
no session, no database, no template.
"""

from django.http import HttpResponse


def baseline(request):
    return HttpResponse(b"ok", content_type="text/plain")
