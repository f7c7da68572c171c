"""The planning office's page of current login lockouts, and clearing one."""

from django.urls import reverse

from hyoka.accounts.models import FailedLogin


def fail(client, username, times, address="192.0.2.20"):
    for _ in range(times):
        client.post(reverse("login"), {"username": username, "password": "wrong"}, REMOTE_ADDR=address)


def test_the_planning_office_sees_locked_names_of_existing_accounts_and_addresses(client, people, settings):
    settings.LOGIN_FAILURE_LIMIT, settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS = 3, 8
    fail(client, "bob", 3)
    fail(client, "no-such-user", 3)
    fail(client, "carol", 2, address="192.0.2.21")  # under the limit
    fail(client, "x", 2)  # 8 failures from 192.0.2.20 in all
    client.force_login(people.alice)
    page = client.get(reverse("lockouts")).content.decode()
    assert "bob" in page and "192.0.2.20" in page
    assert "no-such-user" not in page and "carol" not in page and "192.0.2.21" not in page


def test_clearing_a_name_lets_it_log_in_again(client, people, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    fail(client, "bob", 3)
    refused = client.post(reverse("login"), {"username": "bob", "password": "password"}, REMOTE_ADDR="192.0.2.30")
    assert "しばらくログインできません" in refused.content.decode()
    client.force_login(people.alice)
    response = client.post(reverse("lockout-clear"), {"kind": "name", "key": "bob"}, follow=True)
    assert "bob のロックを解除しました" in response.content.decode()
    assert not FailedLogin.objects.filter(username="bob").exists()
    client.post(reverse("logout"))
    ok = client.post(reverse("login"), {"username": "bob", "password": "password"}, REMOTE_ADDR="192.0.2.30")
    assert ok.status_code == 302


def test_clearing_an_address_keeps_the_other_addresses_failures(client, people, settings):
    fail(client, "x", 2, address="192.0.2.40")
    fail(client, "y", 2, address="192.0.2.41")
    client.force_login(people.alice)
    client.post(reverse("lockout-clear"), {"kind": "address", "key": "192.0.2.40"})
    assert list(FailedLogin.objects.values_list("address", flat=True)) == ["192.0.2.41", "192.0.2.41"]


def test_only_the_planning_office_sees_or_clears_lockouts(client, people):
    fail(client, "bob", 2)
    client.force_login(people.bob)
    assert client.get(reverse("lockouts")).status_code == 403
    assert client.post(reverse("lockout-clear"), {"kind": "name", "key": "bob"}).status_code == 403
    assert FailedLogin.objects.filter(username="bob").count() == 2
