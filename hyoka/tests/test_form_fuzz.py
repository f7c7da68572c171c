"""Fuzzing every web form (issue 11): hostile values posted to each form a department editor, a reviewer and
the planning office can reach, as a browser would post them (the page's own form, some fields changed).

Values: numbers past DECIMAL(20, 6), NaN, Infinity, 1e400, exponents, fullwidth digits, 100,000 characters,
NUL and other control characters, formula-like text, template and SQL syntax, a field sent twice or left
out. Each case asserts: never a 500; a form that is not accepted (no redirect) leaves every table as it was;
an accepted one leaves every page that shows the plan answering 200. CI runs a few cases per form,
`make fuzz` (HYPOTHESIS_PROFILE=fuzz) many more; each case runs in a transaction rolled back after it.
"""

from __future__ import annotations

import hashlib
from html.parser import HTMLParser
from urllib.parse import urljoin

import pytest
from django.apps import apps
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hyoka.accounts.tests.test_url_permissions import scene  # noqa: F401 - the fixture by name
from hyoka.ingest.tests.conftest import fuzz_case, fuzz_settings

# (who, the page holding the forms); every POST form on the page is fuzzed
PAGES = {
    "bob: entry": ("bob", lambda s: reverse("cycle-entry", args=[s.cycle.pk, s.entry.pk])),
    "dave: entry (comment, opinion)": ("dave", lambda s: reverse("cycle-entry", args=[s.cycle.pk, s.entry.pk])),
    "alice: entry (response, return, approve)": (
        "alice",
        lambda s: reverse("cycle-entry", args=[s.cycle.pk, s.entry.pk]),
    ),
    "alice: KPI page (target)": ("alice", lambda s: reverse("indicator-detail", args=[s.plan.pk, s.indicator.pk])),
    "alice: plan basics": ("alice", lambda s: reverse("plan-upkeep-basics", args=[s.plan.pk])),
    "alice: new section": ("alice", lambda s: reverse("plan-upkeep-section-new", args=[s.plan.pk])),
    "alice: section": ("alice", lambda s: reverse("plan-upkeep-section", args=[s.plan.pk, s.project.section_id])),
    "alice: new KPI": ("alice", lambda s: reverse("plan-upkeep-indicator-new", args=[s.plan.pk])),
    "alice: KPI": ("alice", lambda s: reverse("plan-upkeep-indicator", args=[s.plan.pk, s.indicator.pk])),
    "alice: new project": ("alice", lambda s: reverse("plan-upkeep-project-new", args=[s.plan.pk])),
    "alice: project": ("alice", lambda s: reverse("plan-upkeep-project", args=[s.plan.pk, s.project.pk])),
    "alice: scheme": ("alice", lambda s: reverse("plan-upkeep-scheme", args=[s.plan.pk])),
    "alice: departments": ("alice", lambda s: reverse("plan-upkeep-departments", args=[s.plan.pk])),
    "alice: upkeep (move, delete)": ("alice", lambda s: reverse("plan-upkeep", args=[s.plan.pk])),
    "alice: new plan": ("alice", lambda s: reverse("plan-new")),
    "alice: import columns": ("alice", lambda s: reverse("import-preview", args=[s.upload])),
    "alice: cycle": ("alice", lambda s: reverse("cycle-detail", args=[s.cycle.pk])),
    "alice: invite": ("alice", lambda s: reverse("user-invite")),
    "alice: user": ("alice", lambda s: reverse("user-edit", args=[s.people.bob.pk])),
}
SKIPPED_ACTIONS = ("/accounts/logout", "/i18n/")  # leaving, and the language switch: no data

HOSTILE = [
    "1e400", "-1e400", "1e-400", "NaN", "nan", "Infinity", "-inf", "1E+15", "100000000000000", "-100000000000000",
    "99999999999999.9999999", "0.1234567", "99999999999999999999999999999999", "１２３", "１２３．４５", "１，０００",
    "1,000", "△24", "0x1F", "1_000", "--1", "-0", "", " ", "\t", "=HYPERLINK(\"http://x\",\"click\")", "+1+1",
    "-2+3", "@SUM(A1)", "\x00", "a\x00b", "\x01\x1f\x7f", "\u202e逆", "<script>alert(1)</script>", "{{ 7|add:1 }}",
    "' OR 1=1 --", "2021-02-30", "0000-00-00", "-1", "0", "true", "None", "[]", "子" * 301, "x" * 100_000,
]  # fmt: skip
VALUE = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(max_size=40),
    st.integers().map(str),
    st.floats().map(repr),
    st.decimals(allow_nan=True).map(str),
)
CHANGE = st.one_of(VALUE, st.none(), st.lists(VALUE, min_size=2, max_size=3))  # None: the field left out


class PostForms(HTMLParser):
    """The POST forms of a page as a browser sees them: action and the fields it would send."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._form: dict | None = None
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self._form = {"action": a.get("action", ""), "fields": {}, "button": None}
            if a.get("method", "get").lower() == "post":
                self.forms.append(self._form)
            return
        form, name = self._form, a.get("name")
        if form is None or not name:
            return
        kind = a.get("type", "text").lower()
        if tag == "input" and kind in ("checkbox", "radio"):
            if "checked" in a:
                form["fields"][name] = a.get("value", "on")
        elif tag == "input" and kind not in ("submit", "button", "image", "file", "reset"):
            form["fields"][name] = a.get("value", "")
        elif tag in ("button", "input") and form["button"] is None:
            form["button"] = (name, a.get("value", ""))
        elif tag == "textarea":
            self._textarea = name
            form["fields"][name] = ""
        elif tag == "select":
            self._select = name
            form["fields"].setdefault(name, "")
        elif tag == "option" and self._select:
            pass

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_data(self, data: str) -> None:
        if self._form is not None and self._textarea:
            self._form["fields"][self._textarea] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None


class _Options(PostForms):
    """PostForms, with each select's selected option (the first one if none is marked)."""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "option" and self._form is not None and self._select:
            a = {k: v or "" for k, v in attrs}
            fields = self._form["fields"]
            if "selected" in a or fields.get(self._select) == "":
                fields[self._select] = a.get("value", "")
            return
        super().handle_starttag(tag, attrs)


def post_forms(html: str, page: str) -> list[dict]:
    parser = _Options()
    parser.feed(html)
    forms = []
    for form in parser.forms:
        form["action"] = urljoin(page, form["action"]) if form["action"] else page
        if not form["action"].startswith(SKIPPED_ACTIONS):
            forms.append(form)
    return forms


def snapshot() -> str:
    """A digest of every row of Hyoka's own tables (logins and sessions aside): equal when nothing was written."""
    digest = hashlib.sha256()
    for model in sorted(apps.get_models(), key=lambda m: m._meta.label):
        if model.__module__.startswith("hyoka.") and model._meta.label not in ("accounts.FailedLogin",):
            digest.update(repr(list(model.objects.order_by("pk").values_list())).encode())
    return digest.hexdigest()


def pages_showing_the_plan(s) -> list[str]:
    plan = s.plan.pk
    return [
        reverse("plan-detail", args=[plan]),
        reverse("project-detail", args=[plan, s.project.pk]),
        reverse("indicator-detail", args=[plan, s.indicator.pk]),
        reverse("plan-csv", args=[plan]),
        reverse("plan-json", args=[plan]),
        reverse("cycle-entry", args=[s.cycle.pk, s.entry.pk]),
        f"/reports/plans/{plan}/evaluation.html?fy=2021",
    ]


def _status(client, method: str, url: str, data: dict | None = None) -> int:
    response = client.post(url, data) if method == "POST" else client.get(url)
    if response.streaming:
        b"".join(response)
    return response.status_code


@pytest.fixture
def page_forms(scene, client):  # noqa: F811
    client.raise_request_exception = True  # a 500 fails the case with its traceback

    def forms_of(key: str) -> tuple[str, list[dict]]:
        role, build = PAGES[key]
        client.force_login(getattr(scene.people, role))
        url = build(scene)
        response = client.get(url)
        assert response.status_code == 200, (key, response.status_code)
        return url, post_forms(response.content.decode(), url)

    return forms_of


@pytest.mark.django_db
@pytest.mark.parametrize("key", sorted(PAGES))
def test_hostile_values_in_every_form_never_break_a_page(key, page_forms, scene, client):  # noqa: F811
    url, forms = page_forms(key)
    assert forms, f"{key}: no POST form on {url}"

    @settings(
        fuzz_settings(0.2),  # 5 cases a form in CI, 80 with `make fuzz`
        deadline=None,  # a case renders several whole pages: their time is the pages' (make bench-web), not a hang
        suppress_health_check=[*fuzz_settings().suppress_health_check, HealthCheck.function_scoped_fixture],
    )
    @given(data=st.data())
    def case(data):
        form = data.draw(st.sampled_from(forms), label="form")
        fields = dict(form["fields"])
        names = sorted(fields)
        changed = data.draw(st.lists(st.sampled_from(names), max_size=4, unique=True), label="fields") if names else []
        for name in changed:
            value = data.draw(CHANGE, label=name)
            if value is None:
                del fields[name]
            else:
                fields[name] = value
        if data.draw(st.booleans(), label="extra field"):
            fields[data.draw(st.text(min_size=1, max_size=20), label="extra name")] = data.draw(VALUE)
        if form["button"] is not None:
            fields.setdefault(*form["button"])
        with fuzz_case(f"{key} → {form['action']}", repr(fields).encode()), transaction.atomic():
            before = snapshot()
            status = _status(client, "POST", form["action"], fields)
            assert status < 500, (form["action"], status)
            if status in (301, 302, 303):
                broken = [
                    (page, s) for page in pages_showing_the_plan(scene) if (s := _status(client, "GET", page)) != 200
                ]
                assert not broken, (form["action"], broken)
            else:
                assert snapshot() == before, f"{form['action']} answered {status} but wrote"
            transaction.set_rollback(True)

    case()


@pytest.mark.django_db
@pytest.mark.parametrize("key", ["alice: project", "alice: user", "alice: invite"])
def test_a_department_id_past_64_bits_is_refused_beside_the_field(key, page_forms, scene, client):  # noqa: F811
    """What the fuzzer found: 所管課 posted as 99999999999999999999999999999999 made SQLite's driver raise."""
    url, forms = page_forms(key)
    form = next(f for f in forms if f["action"] == url)  # the page's own form (a new user has no 所管課 ticked)
    before = snapshot()
    response = client.post(form["action"], {**form["fields"], "departments": "9" * 32})
    assert response.status_code in (200, 400)
    assert "departments" in response.context["form"].errors
    assert snapshot() == before
