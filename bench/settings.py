"""`make bench` only: the app's own settings, with the benchmark's URLconf (bench/urls.py)."""

from caseapp.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
