"""Accounts: the Educator group and the development-only demo users."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission

EDUCATOR_GROUP = "Educator"
EDUCATOR_MODELS = ["case", "step", "stepimage", "labresult", "question", "option"]
EDUCATOR_VIEWS = ["caseversion", "attempt"]

# Development only: create_demo_users refuses to run unless DEBUG is on.
DEMO_USERS = [
    {"role": "resident", "username": "resident", "password": "resident-demo-2026"},
    {"role": "educator", "username": "educator", "password": "educator-demo-2026"},
]


def educator_group() -> Group:
    group, _ = Group.objects.get_or_create(name=EDUCATOR_GROUP)
    caseapp = Permission.objects.filter(content_type__app_label="caseapp")
    group.permissions.set(
        caseapp.filter(content_type__model__in=EDUCATOR_MODELS)
        | caseapp.filter(content_type__model__in=EDUCATOR_VIEWS, codename__startswith="view_")
    )
    return group


def create_demo_users() -> None:
    User = get_user_model()
    for spec in DEMO_USERS:
        user, _ = User.objects.get_or_create(username=spec["username"])
        user.set_password(spec["password"])
        user.is_staff = spec["role"] == "educator"
        user.save()
        if spec["role"] == "educator":
            user.groups.add(educator_group())
