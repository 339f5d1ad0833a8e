"""Settings for the test suite: production-like (DEBUG off), with test-only secrets."""

import os
import tempfile

os.environ.setdefault(
    "DJANGO_SECRET_KEY", "tests-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"
)
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("DJANGO_SERVE_MEDIA", "true")
os.environ.setdefault("DJANGO_MEDIA_ROOT", tempfile.mkdtemp(prefix="caseapp-test-media-"))

from caseapp.settings import *  # noqa: E402,F403
from caseapp.settings import DATABASES  # noqa: E402

# The live server talks plain HTTP to the test browser.
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Password hashing is slow on purpose; tests do not measure it.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STATIC_ROOT = tempfile.mkdtemp(prefix="caseapp-test-static-")
WHITENOISE_USE_FINDERS = True

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not memory: live-server threads then use connections of their own, so
    # concurrency tests exercise SQLite's real locking instead of one shared connection.
    DATABASES["default"]["TEST"] = {
        "NAME": os.path.join(tempfile.mkdtemp(prefix="caseapp-test-db-"), "test.sqlite3")
    }
