"""caseapp: clinical case teaching for medical residents."""
