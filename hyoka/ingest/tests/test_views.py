"""Import in the browser: only the planning office uploads, previews (nothing written) and applies."""

import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from hyoka.indicators.models import Indicator
from hyoka.ingest.models import ColumnChoice
from hyoka.ingest.uploads import MAX_BYTES, UploadNotFound, get_upload
from hyoka.interchange import parse_document
from hyoka.plans.demo import DEMO_DIR
from hyoka.plans.models import Municipality, Plan

from .test_choices import MINAMI
from .test_seeds import seed_bytes

OME_SEED = "000_8c3cdecf38b6806f"  # → ome_strategy_progress_r4


@pytest.fixture
def uploads(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    return tmp_path / "uploads"


@pytest.fixture
def alice(client, people, uploads):
    client.force_login(people.alice)
    return client


def upload(client, name: str, data: bytes, **options):
    return client.post(reverse("import-upload"), {"file": SimpleUploadedFile(name, data), **options})


def demo(plan: str):
    return parse_document((DEMO_DIR / f"{plan}.json").read_bytes())


def forget(demo_plans, stem: str) -> str:
    """Remove a demo plan so its import creates it again; its title."""
    plan = demo_plans[stem]
    title = plan.title
    plan.delete()
    return title


def test_upload_page_shows_the_form(alice):
    response = alice.get(reverse("import-upload"))
    assert response.status_code == 200
    assert 'enctype="multipart/form-data"' in response.text
    assert "青梅市" in response.text  # stored cities offered as suggestions


def test_seed_text_previews_without_writing_then_applies(alice, demo_plans, uploads):
    title = forget(demo_plans, "ome_strategy_progress_r4")
    expected = demo("ome_strategy_progress_r4")
    response = upload(alice, f"{OME_SEED}.txt", seed_bytes(OME_SEED), municipality="青梅市", plan_title=title)
    assert response.status_code == 302
    token = response.url.rstrip("/").rsplit("/", 1)[-1]
    assert response.url == reverse("import-preview", kwargs={"token": token})
    assert sorted(p.name for p in uploads.iterdir()) == [f"{token}.bin", f"{token}.json"]
    assert json.loads((uploads / f"{token}.json").read_text())["options"]["municipality"] == "青梅市"

    page = alice.get(response.url)
    assert page.status_code == 200
    report = page.context["report"]
    assert ("指標", len(expected.all_indicators())) in report.counts
    assert f'<th scope="row">指標</th><td class="num">{len(expected.all_indicators())}</td>' in page.text
    assert "新しい計画として登録します" in page.text
    assert not Plan.objects.filter(title=title).exists()  # the preview wrote nothing

    applied = alice.post(reverse("import-apply", kwargs={"token": token}), follow=True)
    plan = Plan.objects.get(title=title)
    assert applied.redirect_chain == [(reverse("plan-detail", kwargs={"plan_id": plan.pk}), 302)]
    assert f"{OME_SEED}.txt を取り込みました：" in applied.text
    assert f"{Indicator._meta.verbose_name} {len(expected.all_indicators())} 追加" in applied.text
    assert Indicator.objects.filter(plan=plan).count() == len(expected.all_indicators())
    assert list(uploads.iterdir()) == []  # the upload is gone once applied
    assert alice.get(reverse("import-preview", kwargs={"token": token})).status_code == 404
    load = plan.loads.get()  # the plan's 取込履歴 says who brought what in
    assert (load.source, load.by.username) == (f"{OME_SEED}.txt", "alice")
    assert f"created Indicator {len(expected.all_indicators())}" in load.summary
    assert "取込履歴" in applied.text and f"{OME_SEED}.txt" in applied.text


def test_json_plan_is_imported_too(alice, demo_plans):
    title = forget(demo_plans, "kiyose_strategy_revision")
    data = (DEMO_DIR / "kiyose_strategy_revision.json").read_bytes()
    response = upload(alice, "kiyose.json", data)
    page = alice.get(response.url)
    assert page.context["report"].layout == "hyoka.plan/1"
    alice.post(reverse("import-apply", kwargs={"token": page.context["upload"].token}))
    assert Plan.objects.filter(title=title).exists()


def test_a_stored_plan_is_matched_and_the_preview_says_so(alice, demo_plans):
    response = upload(alice, "akiruno.json", (DEMO_DIR / "akiruno_child_plan_r2.json").read_bytes())
    page = alice.get(response.url)
    assert "96 件一致" in page.text  # 67 projects and 29 KPIs
    assert "変更はありません" in page.text


def test_a_malformed_number_is_a_warning_with_its_line(alice, demo_plans):
    text = seed_bytes("002_2fafb69e9fb2321b").decode().replace("4,962 事業所※", "4,9,62 事業所※")
    response = upload(alice, "iruma.txt", text.encode(), municipality="入間市")
    page = alice.get(response.url)
    line = next(i for i, t in enumerate(text.splitlines(), 1) if "4,9,62" in t)
    assert f"<td>iruma.txt:line {line}</td>" in page.text
    assert "4,9,62" in page.text


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.txt", b"", "empty.txt: the file is empty"),
        ("sjis.txt", "基本目標 1 まち".encode("cp932")[:-1] + b"\xff\xfe", "sjis.txt:line 1: not UTF-8 or Shift_JIS"),
        ("garbage.txt", bytes(range(256)), "garbage.txt: this is not a text file"),
        ("broken.pdf", b"%PDF-1.4 not really", "broken.pdf"),
    ],
    ids=["empty", "shift_jis-cut", "binary", "pdf"],
)
def test_bad_files_show_the_ingest_error_and_write_nothing(alice, uploads, name, data, message):
    plans = Plan.objects.count()
    response = upload(alice, name, data, municipality="入間市")
    assert response.status_code == 200
    assert message in response.text and "何も書き込んでいません" in response.text
    assert Plan.objects.count() == plans
    assert not uploads.exists() or list(uploads.iterdir()) == []


def test_a_name_outside_the_national_list_is_refused_in_japanese(alice):
    response = upload(alice, "plan.txt", "基本目標 1 まちをつくる\n".encode(), municipality="架空市")
    assert response.status_code == 200
    assert "「架空市」は全国地方公共団体コードの一覧にありません。候補から選んでください。" in response.text


def test_the_form_offers_every_city_of_the_national_list_by_name_and_no_code_field(alice):
    response = alice.get(reverse("import-upload"))
    options = re.findall(r'<option value="([^"]*)">', response.text.split('<datalist id="municipality-names">')[1])
    assert len(options) >= 47 + 1741
    assert {"千葉県松戸市", "東京都府中市", "広島県府中市", "茨城県"} <= set(options)
    assert "municipality_code" not in response.text  # nobody types a code
    prefectures = re.findall(
        r"<option value=\"([^\"]*)\"", response.text.split('name="prefecture"')[1].split("</select>")[0]
    )
    assert len(prefectures) == 1 + 47 and prefectures[:2] == ["", "北海道"]


def test_every_field_points_screen_readers_at_its_help(alice):
    page = alice.get(reverse("import-upload")).text.split('enctype="multipart/form-data"')[1]
    described = re.findall(r'aria-describedby="([^"]+)"', page)
    assert len(described) == 4  # file, municipality, prefecture, plan title
    assert all(f'id="{target}"' in page for target in described), described


KITAKAMI = "第2期まち・ひと・しごと創生総合戦略\n\n基本目標 1 : 「しごとをつくる」\n\n" + (
    "重要業績評価指標 (KPI)\t基準値 (R1)\tR4 末現在\t目標値 (R6)\n市内事業所数\t3,210 事業所\t3,250 事業所\t3,300 事業所\n"
)


def test_a_city_of_the_list_not_yet_stored_previews_and_applies(alice, uploads):
    assert not Municipality.objects.filter(name="北上市").exists()
    response = upload(alice, "plan.txt", KITAKAMI.encode(), municipality="北上市", plan_title="北上市総合戦略")
    assert response.status_code == 302, response.text
    page = alice.get(response.url)
    assert "北上市（032069）" in page.text
    assert not Municipality.objects.filter(name="北上市").exists()  # the preview writes nothing
    alice.post(reverse("import-apply", kwargs={"token": page.context["upload"].token}))
    city = Municipality.objects.get(name="北上市")
    assert (city.code, city.prefecture) == ("032069", "岩手県")
    assert Plan.objects.get(title="北上市総合戦略").municipality == city


def test_a_name_of_several_prefectures_asks_for_the_prefecture(alice, uploads):
    response = upload(alice, "plan.txt", KITAKAMI.encode(), municipality="府中市", plan_title="府中市総合戦略")
    assert response.status_code == 200
    assert (
        "府中市 は複数の都道府県にあります（東京都府中市（132063）、広島県府中市（342084））。都道府県を選んでください。"
    ) in response.text
    assert not uploads.exists()
    response = upload(
        alice, "plan.txt", KITAKAMI.encode(), municipality="府中市", prefecture="広島県", plan_title="府中市総合戦略"
    )
    assert response.status_code == 302
    assert "府中市（342084）" in alice.get(response.url).text
    response = upload(alice, "plan.txt", KITAKAMI.encode(), municipality="東京都府中市", plan_title="府中市総合戦略")
    assert "府中市（132063）" in alice.get(response.url).text


def test_a_document_that_names_no_city_asks_for_it_beside_the_field(alice, uploads):
    """Not the CLI's "--municipality NAME": the browser asks in words, beside 自治体名, and keeps nothing."""
    response = upload(alice, "plan.txt", KITAKAMI.encode(), plan_title="総合戦略")
    assert response.status_code == 200 and "--municipality" not in response.text
    field = response.text.split('<label for="id_municipality"')[1].split("</div>")[0]  # 自治体名's own block
    assert "この資料には自治体名が見つかりません。どの自治体の計画か入力してください" in field
    assert not uploads.exists() or not list(uploads.iterdir())


def test_a_workbook_that_prints_no_title_asks_for_it_beside_the_field(alice, uploads):
    import io

    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["指標名", "単位", "H28"])
    wb.active.append(["人口", "人", 100])
    data = io.BytesIO()
    wb.save(data)
    response = upload(alice, "kpi.xlsx", data.getvalue(), municipality="北上市")
    assert response.status_code == 200 and "--plan" not in response.text
    field = response.text.split('<label for="id_plan_title"')[1].split("</div>")[0]  # 計画名's own block
    assert "この資料には計画名がありません。計画名を入力してください" in field
    assert (
        upload(alice, "kpi.xlsx", data.getvalue(), municipality="北上市", plan_title="北上市の計画").status_code == 302
    )


def test_a_prefecture_that_does_not_have_the_city_is_named(alice):
    response = upload(alice, "plan.txt", KITAKAMI.encode(), municipality="北上市", prefecture="東京都")
    assert "「北上市」は東京都にありません。" in response.text


def test_files_over_20_mb_are_refused(alice, uploads):
    response = upload(alice, "big.txt", b"x" * (MAX_BYTES + 1))
    assert response.status_code == 200
    assert "ファイルが大きすぎます（20.0 MB）。20 MB までのファイルを選んでください。" in response.text
    assert not uploads.exists()


@pytest.mark.parametrize("who", ["bob", "carol", "dave"])
def test_only_the_planning_office_may_import(client, people, uploads, who):
    token = _stored_upload(client, people)
    client.force_login(getattr(people, who))
    assert client.get(reverse("import-upload")).status_code == 403
    assert upload(client, "a.json", b"{}").status_code == 403
    assert client.get(reverse("import-preview", kwargs={"token": token})).status_code == 403
    assert client.post(reverse("import-apply", kwargs={"token": token})).status_code == 403
    assert client.post(reverse("import-columns", kwargs={"token": token})).status_code == 403
    get_upload(token)  # still there


def test_anonymous_visitors_are_sent_to_login(client, people, uploads):
    token = _stored_upload(client, people)
    client.logout()
    for response in (
        client.get(reverse("import-upload")),
        client.get(reverse("import-preview", kwargs={"token": token})),
        client.post(reverse("import-apply", kwargs={"token": token})),
        client.post(reverse("import-columns", kwargs={"token": token})),
    ):
        assert response.status_code == 302 and response.url.startswith(reverse("login"))
    get_upload(token)


@pytest.mark.parametrize(
    "path",
    [
        "/import/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/",  # the right shape, no such upload
        "/import/..%2F..%2Fhyoka.sqlite3/",
        "/import/../hyoka.sqlite3/",
        "/import/%2E%2E/",
        "/import/short/",
        "/import/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.json/",
    ],
)
def test_tokens_cannot_be_guessed_or_traversed(alice, path):
    assert alice.get(path).status_code == 404


def test_the_store_checks_the_token_itself():
    for token in ("../hyoka", "../../../../etc/passwd", "a" * 31, "a" * 33, "a" * 31 + "."):
        with pytest.raises(UploadNotFound):
            get_upload(token)


def test_apply_takes_post_only(alice, people):
    token = _stored_upload(alice, people)
    assert alice.get(reverse("import-apply", kwargs={"token": token})).status_code == 405


def _stored_upload(client, people) -> str:
    client.force_login(people.alice)
    response = upload(client, "akiruno.json", (DEMO_DIR / "akiruno_child_plan_r2.json").read_bytes())
    return response.url.rstrip("/").rsplit("/", 1)[-1]


# ---- column meanings: shown with a select each, changed, re-read, remembered on apply -------------


def minami_preview(client, municipality: str = "入間市"):
    """Upload the table whose R7 column the vocabulary reads as an actual; (token, preview page)."""
    response = upload(client, "minami.txt", MINAMI.encode(), municipality=municipality)
    assert response.status_code == 302, response.text
    return response.url.rstrip("/").rsplit("/", 1)[-1], client.get(response.url)


def select_of(page, label: str) -> str:
    """The <select> that the <label> with this text points at."""
    found = re.search(r'<label class="visually-hidden" for="([^"]+)">' + re.escape(label) + "</label>", page.text)
    assert found, label
    select = re.search(r'<select name="[^"]+"[^>]*id="' + found[1] + r'"[^>]*>.*?</select>', page.text, re.S)
    assert select, found[1]
    return select[0]


def selected(select: str) -> str:
    return re.search(r'<option value="(\w+)"[^>]*selected>', select)[1]


def choose(client, token: str, page, **changes: str):
    """Post the preview's column form as a browser does: every select, those named (c4=…) changed."""
    form = page.context["columns"]
    data = {name: field.initial for name, field in form.fields.items()}
    for key, kind in changes.items():
        data[form.name(form.tables[0].signature, int(key[1:]))] = kind
    return client.post(reverse("import-columns", kwargs={"token": token}), data)


def test_the_preview_shows_each_column_with_a_labelled_select(alice, uploads):
    _, page = minami_preview(alice)
    assert "表と列の意味" in page.text
    assert "表1：minami.txt:line 2（one-cell-per-line）" in page.text
    r7 = select_of(page, "表1 5列目「R7」の意味")
    assert selected(r7) == "actual"
    assert '<option value="target">目標値</option>' in r7 and '<option value="ignore">無視</option>' in r7
    assert selected(select_of(page, "表1 3列目「基準値（H30）」の意味")) == "baseline"
    assert '<th scope="row">R7</th>' in page.text and "<td>420,000</td>" in page.text  # the first row's value
    assert "再読み込み" in page.text


def test_a_changed_select_rereads_the_upload_and_apply_remembers_the_choice(alice, uploads, people):
    token, page = minami_preview(alice)
    signature = page.context["columns"].tables[0].signature
    form = {f"column-{signature}-{i}": kind for i, kind in enumerate(["kpi_name", "unit", "baseline", "actual"])}
    response = alice.post(
        reverse("import-columns", kwargs={"token": token}), {**form, f"column-{signature}-4": "target"}
    )
    assert response.url == reverse("import-preview", kwargs={"token": token})
    assert get_upload(token).options["column_choices"] == {signature: {"4": "target"}}  # only the one changed

    page = alice.get(response.url)
    assert "列の意味を変えて読み直しました。" in page.text
    assert selected(select_of(page, "表1 5列目「R7」の意味")) == "target"
    assert '<span class="badge warn">指定</span>' in page.text
    assert "図書館の年間貸出冊数  基準値 382,000冊（H30）  R4 390,000冊  目標 420,000（R7）" in page.text
    assert not ColumnChoice.objects.exists()  # the preview remembers nothing

    alice.post(reverse("import-apply", kwargs={"token": token}))
    books = Indicator.objects.get(name="図書館の年間貸出冊数")
    assert (books.target_value, books.target_label) == (420000, "R7")
    (choice,) = ColumnChoice.objects.all()
    assert (choice.municipality.name, choice.signature, choice.column, choice.kind) == (
        "入間市",
        signature,
        4,
        "target",
    )
    assert choice.chosen_by == people.alice

    _, again = minami_preview(alice)  # the same layout next time: read as chosen, and said so
    assert selected(select_of(again, "表1 5列目「R7」の意味")) == "target"
    assert '<span class="badge">前回の指定</span>' in again.text
    _, elsewhere = minami_preview(alice, municipality="所沢市")  # another city: its own words
    assert selected(select_of(elsewhere, "表1 5列目「R7」の意味")) == "actual"


def test_a_select_left_as_it_was_keeps_a_remembered_choice_remembered(alice, uploads):
    token, page = minami_preview(alice)
    choose(alice, token, page, c4="target")
    alice.post(reverse("import-apply", kwargs={"token": token}))
    assert ColumnChoice.objects.count() == 1

    token, page = minami_preview(alice)
    choose(alice, token, page)
    assert get_upload(token).options["column_choices"] == {}
    assert '<span class="badge">前回の指定</span>' in alice.get(reverse("import-preview", kwargs={"token": token})).text


def test_a_meaning_that_is_not_offered_changes_nothing(alice, uploads):
    token, page = minami_preview(alice)
    response = choose(alice, token, page, c4="current")
    assert "選べない列の意味が送られました。" in alice.get(response.url).text
    assert "column_choices" not in get_upload(token).options


def test_the_column_meanings_read_in_english_too(alice, uploads, settings):
    alice.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    _, page = minami_preview(alice)
    assert "Tables and what their columns mean" in page.text
    r7 = select_of(page, "Table 1, column 5 “R7”: meaning")
    assert '<option value="target">Target</option>' in r7 and '<option value="ignore">Ignore</option>' in r7
    assert ">Read again</button>" in page.text
