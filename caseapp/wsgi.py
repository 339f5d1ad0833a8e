"""WSGI entry point for caseapp."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "caseapp.settings")

application = get_wsgi_application()

# Everything loaded so far (Django, the app, its libraries: about 95,000 objects) lives as
# long as the process: keep it out of the collector's way. A full collection otherwise
# walks all of it, a pause of some 50 ms during which the worker serves nobody.
gc.collect()
gc.freeze()
