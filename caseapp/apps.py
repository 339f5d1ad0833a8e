"""App configuration for caseapp."""

from django.apps import AppConfig


class CaseappConfig(AppConfig):
    name = "caseapp"
    verbose_name = "Clinical cases"
