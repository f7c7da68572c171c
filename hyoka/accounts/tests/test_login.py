"""Login with Django's auth, and the throttle after repeated failures."""

import pytest
from django.urls import reverse

from hyoka.accounts.models import FailedLogin


def login(client, username, password, address="10.0.0.1"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address)


def test_a_user_logs_in_and_out(client, people):
    response = login(client, "bob", "password")
    assert response.status_code == 302
    assert client.get(reverse("cycle-home")).status_code == 200
    client.post(reverse("logout"))
    assert client.get(reverse("cycle-home")).status_code == 302


def test_repeated_failures_lock_the_name_even_with_the_right_password(client, people, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    for _ in range(3):
        assert login(client, "bob", "wrong").status_code == 200
    response = login(client, "bob", "password")
    assert response.status_code == 200
    assert "しばらくログインできません" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert login(client, "carol", "password", address="10.0.0.2").status_code == 302  # others are not locked out


def test_failures_from_one_address_lock_it_only_at_the_higher_limit(client, people, settings):
    settings.LOGIN_FAILURE_LIMIT, settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS = 3, 6
    for name in ("a", "b", "c", "d", "e"):  # five colleagues behind the office proxy mistype once each
        login(client, name, "wrong", address="10.9.9.9")
    assert login(client, "bob", "password", address="10.9.9.9").status_code == 302
    client.post(reverse("logout"))
    login(client, "f", "wrong", address="10.9.9.9")
    assert "しばらくログインできません" in login(client, "carol", "password", address="10.9.9.9").content.decode()


def test_the_admin_login_is_throttled_too(client, people, settings):
    from django.contrib.auth.models import User

    User.objects.create_superuser("root", "", "secret")
    settings.LOGIN_FAILURE_LIMIT = 2
    for _ in range(2):
        client.post("/admin/login/", {"username": "root", "password": "wrong"}, REMOTE_ADDR="10.0.0.3")
    page = client.post("/admin/login/", {"username": "root", "password": "secret"}, REMOTE_ADDR="10.0.0.3")
    assert page.status_code == 200 and "しばらくログインできません" in page.content.decode()


def test_failures_expire_after_the_window(client, people, settings):
    settings.LOGIN_FAILURE_LIMIT = 2
    settings.LOGIN_FAILURE_WINDOW = 0  # every earlier failure is already outside the window
    login(client, "bob", "wrong")
    login(client, "bob", "wrong")
    assert login(client, "bob", "password").status_code == 302
    assert FailedLogin.objects.count() <= 2


@pytest.mark.parametrize("url", ["cycle-home"])
def test_pages_for_staff_send_the_public_to_login(client, db, url):
    response = client.get(reverse(url))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
