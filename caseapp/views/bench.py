"""`make bench` only: a bare view, the throughput baseline every page is compared with.

It is routed at /bench/baseline/ only when CASEAPP_BENCH_BASELINE=1 is set when the server
starts (see caseapp/urls.py), so it goes through the same server, middleware and settings as
the learner pages, and does no work of its own: no session, no database, no template.
"""

from django.http import HttpResponse


def baseline(request):
    return HttpResponse(b"ok", content_type="text/plain")
