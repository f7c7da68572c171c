"""The login throttle holds: parallel guesses cannot pass the limit, and behind our proxies one client's
failures lock out that client and the names it guessed, never a colleague's name or address."""

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client, RequestFactory
from django.urls import reverse

from hyoka.accounts.models import FailedLogin
from hyoka.accounts.throttle import client_address

PROXY = "10.0.0.254"  # our reverse proxy: every request connects from it


class CountingHasher(MD5PasswordHasher):
    """MD5 (fast) that counts the passwords it checks and takes as long as a real hasher's check, so that
    parallel guesses overlap as they would against PBKDF2."""

    checks = 0
    lock = threading.Lock()

    def verify(self, password: str, encoded: str) -> bool:
        with CountingHasher.lock:
            CountingHasher.checks += 1
        time.sleep(0.05)
        return super().verify(password, encoded)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL: SQLite runs one writer at a time")
@pytest.mark.django_db(transaction=True)
def test_a_hundred_parallel_wrong_passwords_check_at_most_five(settings):
    settings.PASSWORD_HASHERS = [f"{__name__}.CountingHasher"]
    settings.LOGIN_FAILURE_LIMIT, settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS = 5, 1000
    User.objects.create_user("target", password="the right one")
    CountingHasher.checks = 0
    start = threading.Barrier(25)

    def guess(n: int) -> int:
        try:
            if n < 25:
                start.wait()
            response = Client().post(
                reverse("login"), {"username": "target", "password": f"guess {n}"}, REMOTE_ADDR=f"10.1.{n}.1"
            )
            return response.status_code
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=25) as pool:
        statuses = list(pool.map(guess, range(100)))

    assert statuses == [200] * 100  # every guess answered with the login form again, none let in
    assert 1 <= CountingHasher.checks <= 5
    assert FailedLogin.objects.filter(username="target").count() == CountingHasher.checks


def login(client, username, password, *, client_ip, forwarded_extra=""):
    """A login through our one reverse proxy, which appends the address it saw to X-Forwarded-For."""
    forwarded = f"{forwarded_extra}, {client_ip}" if forwarded_extra else client_ip
    return client.post(
        reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded,
    )


def refused(response) -> bool:
    return response.status_code == 200 and "しばらくログインできません" in response.content.decode()


def test_behind_the_proxy_one_clients_failures_do_not_lock_out_another(client, people, settings):
    settings.TRUSTED_PROXIES = 1
    settings.LOGIN_FAILURE_LIMIT, settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS = 5, 20
    attacker = "203.0.113.9"
    for _ in range(8):
        login(client, "bob", "wrong", client_ip=attacker)  # 5 checked, then bob's name is locked
    for n in range(30):  # a password spray: many names, one address (15 checked, then the address is held back)
        login(client, f"user{n}", "wrong", client_ip=attacker)
    assert refused(login(client, "carol", "password", client_ip=attacker))
    # Entries left of the one our proxy adds are the client's own claim: forging another address does not
    # escape the lock, and naming the attacker's address does not lock a colleague out.
    assert refused(login(client, "carol", "password", client_ip=attacker, forwarded_extra="198.51.100.2"))
    assert login(client, "carol", "password", client_ip="198.51.100.1", forwarded_extra=attacker).status_code == 302
    client.post(reverse("logout"))

    assert login(client, "dave", "password", client_ip="198.51.100.2").status_code == 302  # a colleague
    client.post(reverse("logout"))
    assert login(client, "alice", "password", client_ip="198.51.100.3").status_code == 302  # the planning office
    client.post(reverse("logout"))
    assert refused(login(client, "bob", "password", client_ip="198.51.100.4"))  # bob's name was guessed: locked
    assert FailedLogin.objects.filter(address=attacker).count() == 20


def test_without_trusted_proxies_the_forwarded_header_is_ignored(rf):
    request = rf.get("/", REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR="203.0.113.5")
    assert client_address(request) == "192.0.2.1"


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (1, "203.0.113.5", "203.0.113.5"),
        (1, "1.1.1.1, 203.0.113.5", "203.0.113.5"),  # the left entry is the client's own claim
        (2, "1.1.1.1, 203.0.113.5, 10.0.0.2", "203.0.113.5"),  # the outer proxy's entry, the inner one's after it
        (2, "203.0.113.5", "192.0.2.1"),  # did not pass both proxies: nothing in the header is ours
        (1, "", "192.0.2.1"),
        (1, "not-an-address", "192.0.2.1"),
        (1, "2001:db8::1", "2001:db8::1"),
    ],
)
def test_the_client_is_the_entry_our_outermost_proxy_added(settings, proxies, forwarded, expected):
    settings.TRUSTED_PROXIES = proxies
    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request) == expected


def test_a_refused_or_successful_attempt_leaves_no_failure(client, people, settings):
    settings.LOGIN_FAILURE_LIMIT = 2
    assert login(client, "bob", "password", client_ip="192.0.2.7").status_code == 302
    assert not FailedLogin.objects.exists()
    client.post(reverse("logout"))
    login(client, "bob", "wrong", client_ip="192.0.2.7")
    login(client, "bob", "wrong", client_ip="192.0.2.7")
    for _ in range(5):
        assert refused(login(client, "bob", "wrong", client_ip="192.0.2.7"))
    assert FailedLogin.objects.filter(username="bob").count() == 2  # the lock ends a window after the 2nd failure


def test_a_name_that_does_not_exist_is_refused_alike(client, people, settings):
    """The lock message must not tell an attacker which names exist."""
    settings.LOGIN_FAILURE_LIMIT = 2
    for name in ("bob", "nobody-here"):
        login(client, name, "wrong", client_ip="192.0.2.8")
        login(client, name, "wrong", client_ip="192.0.2.8")
        assert refused(login(client, name, "wrong", client_ip="192.0.2.8"))
