"""App configuration for caseapp."""

from django.apps import AppConfig
from django.db.models.signals import post_migrate


def ensure_educator_group(sender, app_config, using="default", **kwargs):
    from django.contrib.auth.management import create_permissions

    from .accounts import educator_group

    # The permissions may not exist yet: auth's own post_migrate may run after this one.
    create_permissions(app_config, verbosity=0, using=using)
    educator_group()


class CaseappConfig(AppConfig):
    name = "caseapp"
    verbose_name = "Clinical cases"

    def ready(self):
        # Connects the signals that forget a saved user's cached copy, in every process.
        from .speed import users  # noqa: F401

        # After every migrate the "Educator" group exists with the permissions authoring needs.
        post_migrate.connect(ensure_educator_group, sender=self)
