"""SCORM packaging of published cases (SCORM 1.2 and SCORM 2004 4th edition)."""
