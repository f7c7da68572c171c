"""The English catalogue: complete, up to date with the code, compiled; pages in English when the
visitor chooses it with the language switch, in Japanese otherwise (whatever the browser asks)."""

from __future__ import annotations

import ast
import gettext
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

HYOKA = Path(settings.BASE_DIR)  # the hyoka package, whose code the catalogue covers
PO = Path(settings.LOCALE_PATHS[0]) / "en" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")
PLACEHOLDER = re.compile(r"%\(\w+\)[-#0 +]*\d*(?:\.\d+)?[sdif]|%%")


@dataclass
class Entry:
    msgid: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)  # {0: …} or one per plural form
    flags: set[str] = field(default_factory=set)

    @property
    def key(self) -> tuple[str | None, str, str | None]:
        return (self.msgctxt, self.msgid, self.msgid_plural)


def read_po(path: Path) -> tuple[Entry, list[Entry]]:
    """(the header, the messages) of a .po file; obsolete (#~) entries are not messages."""
    entries = []
    for block in re.split(r"\n[ \t]*\n", path.read_text(encoding="utf-8").strip()):
        entry, target = Entry(), None
        for line in block.splitlines():
            if line.startswith("#,"):
                entry.flags |= {flag.strip() for flag in line[2:].split(",")}
            elif line.startswith("#"):
                continue
            elif line.startswith('"'):
                target(ast.literal_eval(line), append=True)
            else:
                keyword, _, value = line.partition(" ")
                target = _setter(entry, keyword)
                target(ast.literal_eval(value), append=False)
        if target is not None:
            entries.append(entry)
    header = entries.pop(0)
    assert header.msgid == "", "the first entry of a .po file is its header"
    return header, entries


def _setter(entry: Entry, keyword: str):
    """A function that sets (or, for a continued line, extends) the field ``keyword`` names."""
    plural = re.fullmatch(r"msgstr(?:\[(\d)\])?", keyword)
    assert plural or keyword in ("msgctxt", "msgid", "msgid_plural"), f"unknown .po keyword {keyword}"

    def set_value(text: str, append: bool) -> None:
        if plural:
            n = int(plural.group(1) or 0)
            entry.msgstr[n] = (entry.msgstr.get(n, "") if append else "") + text
        else:
            setattr(entry, keyword, ((getattr(entry, keyword) or "") if append else "") + text)

    return set_value


@pytest.fixture(scope="module")
def catalogue() -> tuple[Entry, list[Entry]]:
    return read_po(PO)


# ---------------------------------------------------------------------------
# The catalogue


def test_header_is_english_with_two_plural_forms(catalogue):
    header, _ = catalogue
    text = header.msgstr[0]
    assert "fuzzy" not in header.flags
    assert "Language: en\n" in text
    assert "Plural-Forms: nplurals=2; plural=(n != 1);\n" in text
    assert "charset=UTF-8" in text


def test_every_message_is_translated_and_none_is_fuzzy(catalogue):
    _, entries = catalogue
    assert len(entries) > 250  # the whole interface, not a stub
    untranslated = [e.msgid for e in entries if not e.msgstr or not all(s.strip() for s in e.msgstr.values())]
    fuzzy = [e.msgid for e in entries if "fuzzy" in e.flags]
    assert not untranslated, f"no English for: {untranslated}"
    assert not fuzzy, f"fuzzy, so Django ignores them: {fuzzy}"
    for e in entries:
        assert sorted(e.msgstr) == ([0, 1] if e.msgid_plural else [0]), e.msgid


def test_translations_keep_every_placeholder(catalogue):
    """%(name)s in the Japanese must be in the English, or rendering fails or loses a value."""
    _, entries = catalogue
    for e in entries:
        expected = sorted(PLACEHOLDER.findall(e.msgid_plural or e.msgid))
        if "python-format" not in e.flags:
            continue
        for n, text in e.msgstr.items():
            assert sorted(PLACEHOLDER.findall(text)) == expected, (e.msgid, n, text)


def test_catalogue_is_up_to_date_with_the_code(catalogue, tmp_path, settings, monkeypatch):
    """makemessages on a copy of the code finds exactly the catalogue's messages: a string marked but
    not in the catalogue (shown in Japanese) or a catalogue entry no code uses fails here."""
    if shutil.which("xgettext") is None:
        pytest.skip("xgettext (Debian package gettext) is not installed; make browser-deps installs it")
    shutil.copytree(HYOKA, tmp_path / "hyoka", ignore=shutil.ignore_patterns("locale", "static", "__pycache__"))
    settings.LOCALE_PATHS = [tmp_path / "hyoka" / "locale"]
    monkeypatch.chdir(tmp_path)
    call_command("makemessages", locale=["en"], add_location="file", verbosity=0)
    _, fresh = read_po(tmp_path / "hyoka" / "locale" / "en" / "LC_MESSAGES" / "django.po")
    _, committed = catalogue
    in_code = {e.key for e in fresh}
    in_catalogue = {e.key for e in committed}
    how = "run: .venv/bin/python manage.py makemessages -l en --ignore=.venv --ignore=var --add-location=file"
    assert not in_code - in_catalogue, f"marked in the code but not in django.po ({how}): {in_code - in_catalogue}"
    assert not in_catalogue - in_code, f"in django.po but no longer in the code ({how}): {in_catalogue - in_code}"


def test_compiled_catalogue_matches_the_po(catalogue):
    """The committed .mo (make demo needs no gettext tools) says what the .po says."""
    _, entries = catalogue
    with MO.open("rb") as f:
        mo = gettext.GNUTranslations(f)
    assert mo.info()["language"] == "en"
    assert (mo.plural(1), mo.plural(2)) == (0, 1)
    stale = []
    for e in entries:
        if e.msgid_plural and e.msgctxt:
            got = [mo.npgettext(e.msgctxt, e.msgid, e.msgid_plural, n) for n in (1, 2)]
        elif e.msgid_plural:
            got = [mo.ngettext(e.msgid, e.msgid_plural, n) for n in (1, 2)]
        elif e.msgctxt:
            got = [mo.pgettext(e.msgctxt, e.msgid)]
        else:
            got = [mo.gettext(e.msgid)]
        if got != [e.msgstr[n] for n in sorted(e.msgstr)]:
            stale.append(e.msgid)
    assert not stale, f"recompile: .venv/bin/python manage.py compilemessages --ignore=.venv ({stale})"


# ---------------------------------------------------------------------------
# Pages


@pytest.fixture
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def page(client, url: str, **headers) -> str:
    response = client.get(url, **headers)
    assert response.status_code == 200, url
    return response.content.decode()


@pytest.mark.django_db
def test_public_pages_in_english(english, people):
    plans = page(english, reverse("plan-list"))
    assert '<html lang="en">' in plans
    assert ">Plans</h1>" in plans and "Open data license" in plans
    assert "計画一覧" not in plans and "ログイン" not in plans

    plan = page(english, reverse("plan-detail", args=[people.plan.pk]))
    assert '<html lang="en">' in plan
    for text in ("Plan period", "Projects and filters", "Evaluation distribution", "Child and childcare support plan"):
        assert text in plan, text
    assert "事業一覧・絞り込み" not in plan and "評価の分布" not in plan

    projects = page(english, reverse("project-list", args=[people.plan.pk]))
    assert "Department" in projects and "Achievement level" in projects and ">所管課<" not in projects


@pytest.mark.django_db
def test_login_page_in_english(english):
    login = page(english, reverse("login"))
    assert '<html lang="en">' in login
    assert ">Log in</h1>" in login and "Username" in login and "Password" in login
    assert "ユーザー名" not in login


@pytest.mark.django_db
def test_cycle_and_entry_pages_in_english_for_the_planning_office(english, people, opened_2020):
    from hyoka.evaluations.models import Evaluation

    english.force_login(people.alice)
    cycle = page(english, reverse("cycle-detail", args=[opened_2020.pk]))
    assert '<html lang="en">' in cycle
    for text in ("Evaluation cycle", "Submissions", "Department", "Publish this year", "Reports by project"):
        assert text in cycle, text
    assert "提出状況" not in cycle

    evaluation = Evaluation.objects.for_cycle(opened_2020).order_by("pk").first()
    entry = page(english, reverse("cycle-entry", args=[opened_2020.pk, evaluation.pk]))
    for text in ("Results and activities", "Future direction", "Actual value", "Change history", "Add comment"):
        assert text in entry, text
    assert "今後の方針" not in entry and "実績値" not in entry

    plan = page(english, reverse("plan-detail", args=[people.plan.pk]))
    assert "Download reports" in plan and "Project results and evaluation" in plan


@pytest.mark.django_db
def test_japanese_first_whatever_the_browser_asks(client, people):
    for url in (reverse("plan-list"), reverse("plan-detail", args=[people.plan.pk]), reverse("login")):
        text = page(client, url, HTTP_ACCEPT_LANGUAGE="en")
        assert '<html lang="ja">' in text, url
        assert "計画一覧" in text and ">Plans<" not in text, url


@pytest.mark.django_db
def test_the_language_switch_sets_english_and_back(client, people):
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("plan-list")})
    assert response.status_code == 302
    assert ">Plans</h1>" in page(client, reverse("plan-list"))
    client.post(reverse("set_language"), {"language": "ja", "next": reverse("plan-list")})
    assert ">計画一覧</h1>" in page(client, reverse("plan-list"))


@pytest.mark.django_db
def test_change_history_kept_in_japanese_is_shown_in_english(english, people):
    """The history stores Japanese field names and statuses; the project page translates them."""
    import datetime

    from hyoka.evaluations import actions

    cycle = actions.open_cycle(plan=people.plan, fiscal_year=2021, deadline=datetime.date(2022, 5, 31), by=people.alice)
    project = people.plan.projects.order_by("pk").first()
    assert project.evaluations.get(fiscal_year=cycle.fiscal_year).changes.get().after["状態"] == "未着手"
    english.force_login(people.alice)
    text = page(english, reverse("project-detail", args=[people.plan.pk, project.pk]))
    assert "<strong>Year opened</strong>　Evaluation　alice" in text
    assert "<td>Status</td>" in text and "<ins>Not started</ins>" in text and "<td>Deadline</td>" in text
    assert "未着手" not in text and "<td>状態</td>" not in text


@pytest.mark.django_db
def test_report_documents_stay_japanese_for_an_english_reader(english, people, demo_plans):
    """Reports reproduce the city's documents: an observation's status is printed in Japanese even
    when the reader's interface is English."""
    english.force_login(people.alice)
    plan = demo_plans["iruma_strategy_h29"]
    response = english.get(f"/reports/plans/{plan.pk}/kpi_tables.html")
    assert response.status_code == 200
    document = response.content.decode()
    assert "未確定（確報値待ち等）" in document or "速報・暫定" in document
    assert "Pending (awaiting final figures)" not in document and "Preliminary" not in document
