"""Demo accounts exist only in development; educators get the authoring group."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import override_settings

from caseapp.accounts import DEMO_USERS

pytestmark = pytest.mark.django_db


def test_demo_users_are_refused_when_debug_is_off():
    with pytest.raises(CommandError, match="only in development"):
        call_command("create_demo_users")
    assert not get_user_model().objects.exists()


@override_settings(DEBUG=True)
def test_demo_users_in_debug_can_sign_in_and_only_the_educator_is_staff(client, capsys):
    call_command("create_demo_users")
    call_command("create_demo_users")  # running make run twice keeps one of each
    assert get_user_model().objects.count() == len(DEMO_USERS)
    printed = capsys.readouterr().out
    for spec in DEMO_USERS:
        assert spec["username"] in printed and spec["password"] in printed
        signed_in = client.post(
            "/accounts/login/", {"username": spec["username"], "password": spec["password"]}
        )
        assert signed_in.status_code == 302, spec["username"]
        user = get_user_model().objects.get(username=spec["username"])
        assert user.is_staff == (spec["role"] == "educator")
        assert not user.is_superuser
    educator = get_user_model().objects.get(username="educator")
    assert educator.has_perm("caseapp.change_question")


def test_migrate_leaves_an_educator_group_that_can_author_but_not_administer():
    from django.contrib.auth.models import Group

    group = Group.objects.get(name="Educator")
    codenames = set(group.permissions.values_list("codename", flat=True))
    for model in ["case", "step", "stepimage", "labresult", "question", "option"]:
        assert {f"add_{model}", f"change_{model}", f"view_{model}"} <= codenames
    assert "view_attempt" in codenames and "change_attempt" not in codenames
    assert not any(code.endswith("_user") for code in codenames)


@override_settings(DEBUG=True)
def test_demo_users_sign_in_link_names_the_servers_host_and_port(capsys):
    call_command("create_demo_users")
    assert "http://127.0.0.1:8000/accounts/login/" in capsys.readouterr().out
    call_command("create_demo_users", host="0.0.0.0", port="8011")  # make run HOST=… PORT=…
    assert "http://0.0.0.0:8011/accounts/login/" in capsys.readouterr().out
    call_command("create_demo_users", host="::1", port="8080")
    assert "http://[::1]:8080/accounts/login/" in capsys.readouterr().out
