import pytest

from hyoka.interchange import DocumentError, check_digit, parse_document

from .factories import minimal


def problems(data) -> list[str]:
    with pytest.raises(DocumentError) as e:
        parse_document(data, source="plan.json")
    return e.value.problems


def test_minimal_document_parses_and_is_canonical():
    doc = parse_document(minimal())
    assert parse_document(doc.to_json()).to_json() == doc.to_json()
    assert '"value": 4986' in doc.to_json()  # a JSON number, no trailing .0


def test_not_json_names_line_and_column():
    assert problems('{"schema": "hyoka.plan/1",\n  oops}') == [
        "line 2 column 3: not valid JSON (Expecting property name enclosed in double quotes)"
    ]


def test_shift_jis_file_is_named_as_not_utf8():
    data = '{"schema": "入間市"}'.encode("cp932")
    assert problems(data) == ["byte 12: not UTF-8 text"]


def test_wrong_schema():
    assert problems({"schema": "other/1"}) == ["$.schema: expected 'hyoka.plan/1', found 'other/1'"]


def test_errors_name_the_json_path():
    doc = minimal()
    doc["sections"][0]["indicators"][0]["observations"][0]["value"] = "many"
    doc["sections"][0]["projects"][0]["budget_items"][0]["code"] = "12345"
    found = problems(doc)
    assert any(p.startswith("$.sections[0].indicators[0].observations[0].value:") for p in found)
    assert any(p.startswith("$.sections[0].projects[0].budget_items[0].code:") for p in found)


def test_municipality_code_check_digit():
    assert check_digit("11225") == "9"  # 入間市 112259
    assert check_digit("11000") == "1"  # 埼玉県 110001: remainder 0 gives 1
    doc = minimal(municipality={"code": "112258", "name": "入間市", "prefecture": "埼玉県"})
    assert "expected 112259" in problems(doc)[0]


def test_observation_without_value_needs_a_reason():
    doc = minimal()
    doc["sections"][0]["indicators"][0]["observations"][0] = {"period": {"label": "H28"}, "status": "final"}
    assert "pending" in problems(doc)[0]


def test_duplicate_natural_keys_are_rejected():
    doc = minimal()
    doc["sections"][0]["projects"].append(dict(doc["sections"][0]["projects"][0]))
    assert "duplicate project" in problems(doc)[0]


def test_two_observations_for_one_period_are_rejected():
    doc = minimal()
    observations = doc["sections"][0]["indicators"][0]["observations"]
    observations.append(dict(observations[0], value=1))
    assert problems(doc) == [
        "$.sections[0].indicators[0]: Value error, duplicate observation period 'H28末現在': natural keys must be unique"
    ]


def test_a_department_listed_twice_is_rejected():
    doc = minimal()
    doc["sections"][0]["projects"][0]["departments"] = ["商工観光課", "商工観光課"]
    assert "duplicate department '商工観光課'" in problems(doc)[0]
