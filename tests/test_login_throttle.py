"""Failed sign-ins are throttled per account and address (django-axes, counted in PostgreSQL), with a page
in Chinese; another address and a right password after the lock is lifted still work."""

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

LOGIN = reverse("admin:login")


def sign_in(password: str, address: str = "10.0.0.1") -> object:
    client = Client(REMOTE_ADDR=address)
    return client.post(LOGIN, {"username": "archivist", "password": password, "next": "/admin/"})


@pytest.fixture(autouse=True)
def account(db):
    User.objects.create_user("archivist", password="right-password-1", is_staff=True)


def test_the_right_password_signs_in():
    assert sign_in("right-password-1").status_code == 302


def test_five_wrong_passwords_lock_the_account_at_that_address_even_for_the_right_one(settings):
    """Once, 30 wrong passwords in 9 seconds and then the right one signed in."""
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in("guess").status_code == 200  # the form again, with its error
    locked = sign_in("guess")
    assert locked.status_code == 429
    page = locked.content.decode()
    assert "登录已暂停" in page and "15 分钟后再试" in page and "axes_reset" in page
    assert sign_in("right-password-1").status_code == 429
    assert sign_in("right-password-1", address="10.0.0.2").status_code == 302  # another address is not locked
    call_command("axes_reset", verbosity=0)
    assert sign_in("right-password-1").status_code == 302


def test_a_right_password_before_the_limit_starts_the_count_again(settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in("guess")
    assert sign_in("right-password-1").status_code == 302
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in("guess").status_code == 200
