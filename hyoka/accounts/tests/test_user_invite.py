"""Inviting a user by e-mail: /accounts/users/invite makes a login without a password and mails a one-time
link to /accounts/set-password/…; the new user sets a password there and logs in with the role given."""

import re

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.urls import reverse

from hyoka.evaluations.models import Change
from hyoka.plans.models import Department

pytestmark = pytest.mark.django_db


def invite(client, people, **overrides):
    kenko = Department.objects.get(municipality=people.plan.municipality, name="健康課")
    data = {"username": "tanaka", "email": "tanaka@city.example.jp", "last_name": "田中", "first_name": "花子"}
    data.update({"role": "department_editor", "departments": [kenko.pk], **overrides})
    client.force_login(people.alice)
    return client.post(reverse("user-invite"), data)


def test_the_invited_user_sets_a_password_through_the_mailed_link_and_logs_in(client, people, settings):
    settings.HYOKA_BASE_URL = "https://hyoka.city.example.jp"
    assert invite(client, people).status_code == 302
    user = User.objects.get(username="tanaka")
    assert not user.has_usable_password() and user.profile.role == "department_editor"
    assert [d.name for d in user.profile.departments.all()] == ["健康課"]
    (message,) = mail.outbox
    assert message.to == ["tanaka@city.example.jp"] and "tanaka" in message.body
    link = re.search(r"https://hyoka\.city\.example\.jp(/accounts/set-password/\S+)", message.body).group(1)
    client.logout()
    page = client.get(link, follow=True)
    assert page.status_code == 200 and 'id="password-form"' in page.content.decode()
    form_url = page.redirect_chain[-1][0]
    new = {"new_password1": "kosodate-2025!", "new_password2": "kosodate-2025!"}
    assert client.post(form_url, new)["Location"] == reverse("login")
    assert client.login(username="tanaka", password="kosodate-2025!")
    client.logout()
    assert "使えません" in client.get(link, follow=True).content.decode()  # the link works once


def test_the_invitation_is_recorded(client, people):
    invite(client, people)
    change = Change.objects.get(subject="tanaka")
    assert change.action == Change.Action.ROLE_CHANGED and change.user == people.alice
    assert change.after["役割"] == "所管課（入力担当）" and change.after["所管課"] == "健康課"


def test_a_department_editor_without_a_department_is_refused(client, people):
    response = invite(client, people, departments=[])
    assert response.status_code == 400 and "課を1つ以上" in response.content.decode()
    assert not User.objects.filter(username="tanaka").exists() and mail.outbox == []


def test_a_taken_login_name_is_refused(client, people):
    response = invite(client, people, username="bob")
    assert response.status_code == 400 and "すでに使われています" in response.content.decode()
    assert mail.outbox == []


def test_only_the_planning_office_invites(client, people):
    client.force_login(people.dave)
    assert client.post(reverse("user-invite"), {"username": "x", "email": "x@example.jp"}).status_code == 403
    assert not User.objects.filter(username="x").exists()
