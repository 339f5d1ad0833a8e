"""Shared fixtures: learners and clients signed in as them."""

import pytest
from django.test import Client

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
