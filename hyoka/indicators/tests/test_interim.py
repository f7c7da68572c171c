"""Interim targets as typed on the KPI's upkeep page: read back what is written, refuse what cannot be read."""

from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hyoka.indicators.interim import InterimError, as_lines, as_text, pairs_of, parse_interim_lines, stored


def test_years_in_seireki_or_as_the_city_prints_them():
    text = "令和7年度 5,010\n2026　５，０３０\n\nR9 5040"
    assert parse_interim_lines(text) == [(2025, D(5010)), (2026, D(5030)), (2027, D(5040))]


@pytest.mark.parametrize(
    ("text", "problem", "line"),
    [
        ("5010", "shape", 1),
        ("2025 5010\nきのう 5", "year", 2),
        ("2025 たくさん", "value", 1),
        ("2025 1\n令和7年度 2", "twice", 2),
    ],
)
def test_a_line_that_cannot_be_read_is_named(text, problem, line):
    with pytest.raises(InterimError) as e:
        parse_interim_lines(text)
    assert (e.value.problem, e.value.line) == (problem, line)


pairs = st.dictionaries(
    st.integers(min_value=1990, max_value=2060),
    st.decimals(min_value=-(10**9), max_value=10**9, places=3, allow_nan=False),
    max_size=8,
).map(lambda d: sorted(d.items()))


@given(pairs)
def test_what_the_form_shows_reads_back_and_what_is_stored_too(items):
    assert parse_interim_lines(as_lines(items)) == items
    assert list(pairs_of(stored(items))) == items


def test_a_malformed_stored_item_is_skipped_and_the_text_reads_well():
    assert pairs_of([{"fiscal_year": 2025, "value": "5010"}, {"value": "x"}, "junk"]) == ((2025, D(5010)),)
    assert as_text([(2025, D(5010)), (2026, D("5030.5"))], "事業所") == "令和7年度 5,010事業所、令和8年度 5,030.5事業所"
