"""The authoring admin, one module per screen: cases, steps, questions, read-only records."""

from . import case, questions, records, step  # noqa: F401  (registers the model admins)
