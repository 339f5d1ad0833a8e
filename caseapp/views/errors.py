"""Error pages: a database that is down gets a clear 503, not a traceback or a bare 500."""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.views import defaults


def server_error(request, template_name="500.html"):
    if isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        # Rendered without the request: its context processors would query the database.
        body = loader.get_template("503.html").render({})
        return HttpResponse(body, status=503, headers={"Retry-After": "30"})
    return defaults.server_error(request, template_name)
