"""Shared fixtures: learners and clients signed in as them."""

import pytest
from django.test import Client

from caseapp.accounts import educator_group

from .factories import make_case, make_user


@pytest.fixture
def resident(db):
    return make_user("resident")


@pytest.fixture
def other_resident(db):
    return make_user("other")


@pytest.fixture
def client_a(resident):
    client = Client()
    client.force_login(resident)
    return client


@pytest.fixture
def client_b(other_resident):
    client = Client()
    client.force_login(other_resident)
    return client


@pytest.fixture
def case(db):
    return make_case()


@pytest.fixture
def educator(db):
    user = make_user("teacher", is_staff=True)
    user.groups.add(educator_group())
    return user


@pytest.fixture
def ed(educator):
    client = Client()
    client.force_login(educator)
    return client
