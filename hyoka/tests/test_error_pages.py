"""Japanese 403, 404 and 500 pages in the site's layout; 500 and the CSRF page need neither the database nor
a login; every page carries the Content Security Policy."""

from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.views import defaults


def test_a_missing_page_is_the_japanese_404(client, db):
    response = client.get("/no/such/page/")
    page = response.content.decode()
    assert response.status_code == 404
    assert "ページが見つかりません" in page and "web/fonts/noto-sans-jp.css" in page and 'href="/"' in page


def test_a_refused_page_is_the_japanese_403_with_the_reason(client, people):
    client.force_login(people.bob)
    response = client.get(reverse("lockouts"))
    page = response.content.decode()
    assert response.status_code == 403
    assert "このページを表示する権限がありません" in page and "企画課（計画管理者）だけが行えます" in page


def test_the_500_page_needs_no_database(rf):
    with translation.override("ja"):  # as ChosenLanguageMiddleware leaves it for a Japanese visitor
        response = defaults.server_error(rf.get("/"))  # without the db fixture any query would raise
    assert response.status_code == 500 and "エラーが発生しました" in response.content.decode()


def test_a_form_without_its_csrf_token_is_the_japanese_403(db):
    response = Client(enforce_csrf_checks=True).post(reverse("login"), {"username": "a", "password": "b"})
    assert response.status_code == 403 and "フォームの有効期限が切れました" in response.content.decode()


def test_pages_carry_the_content_security_policy(client, db, settings):
    policy = client.get(reverse("plan-list")).headers["Content-Security-Policy"]
    assert "script-src 'self';" in policy and "frame-ancestors 'none'" in policy and "unsafe-eval" not in policy
    assert policy == settings.CONTENT_SECURITY_POLICY
