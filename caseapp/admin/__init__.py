"""The authoring admin: cases and their timeline, questions, attempts."""

from . import cases, questions  # noqa: F401  (registers the model admins)
