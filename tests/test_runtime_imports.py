"""The app runs on its own dependencies: what only the tests need is never imported by it."""

import os
import subprocess
import sys

from django.conf import settings

IMPORT_EVERYTHING = """
import importlib, pkgutil, sys
import django
django.setup()
import caseapp
for module in pkgutil.walk_packages(caseapp.__path__, "caseapp."):
    importlib.import_module(module.name)
from django.urls import get_resolver
get_resolver().url_patterns
print(sorted(name for name in sys.modules if name.split(".")[0] in {NAMES}))
"""

DEV_ONLY = {"lxml", "pytest", "hypothesis", "playwright"}


def test_no_app_module_imports_a_dev_dependency():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "caseapp.settings",
        "DJANGO_DEBUG": "true",
    }
    env.pop("DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "-c", IMPORT_EVERYTHING.replace("{NAMES}", repr(DEV_ONLY))],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
