"""`hyoka token USER`: a token shown once, stored as a digest only, listed and revoked."""

from hyoka.api.models import ApiToken, digest


def test_a_token_is_shown_once_and_kept_as_a_digest(cli, people, client):
    code, out, err = cli("token", "bob", "--name", "庁内システム")
    token = out.strip()
    assert code == 0 and "二度と表示されません" in err
    row = ApiToken.objects.get(user=people.bob)
    assert row.name == "庁内システム" and row.digest == digest(token) and token not in (row.digest, row.prefix)
    assert client.get("/api/plans", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    row.refresh_from_db()
    assert row.last_used is not None


def test_a_revoked_token_no_longer_works(cli, people, client):
    token = cli("token", "bob")[1].strip()
    row = ApiToken.objects.get(user=people.bob)
    code, out, _ = cli("token", "bob", "--list")
    assert code == 0 and row.prefix in out
    assert cli("token", "bob", "--revoke", str(row.pk))[0] == 0
    assert client.get("/api/plans", headers={"Authorization": f"Bearer {token}"}).status_code == 401
    assert cli("token", "bob", "--revoke", str(row.pk))[0] == 1  # already revoked: said so


def test_an_unknown_user_is_one_line(cli, db):
    code, _, err = cli("token", "nobody-here")
    assert code == 1 and "nobody-here" in err
