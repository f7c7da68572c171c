"""The fragments print numbers exactly as the template engine's localize would, in both languages."""

from decimal import Decimal

import pytest
from django.test import override_settings
from django.utils import translation
from django.utils.formats import localize
from hypothesis import given
from hypothesis import strategies as st

from hyoka.web.fragments import _Words

finite = st.decimals(allow_nan=False, allow_infinity=False) | st.integers(-(10**20), 10**20)


@pytest.mark.parametrize("language", ["ja", "en"])
@given(value=finite)
def test_a_number_is_written_as_localize_writes_it(language, value):
    with translation.override(language):
        assert _Words.now().number(value) == str(localize(value))


@pytest.mark.parametrize(
    "value", [Decimal("66.70"), Decimal("-0.5"), Decimal("1E+5"), Decimal("1E-250"), Decimal(10) ** 220, 0, -3]
)
def test_a_number_past_the_plain_case_is_written_by_localize(value):
    with translation.override("en"):
        assert _Words.now().number(value) == str(localize(value))


@override_settings(USE_THOUSAND_SEPARATOR=True)
def test_a_deployment_that_groups_thousands_gets_them_grouped():
    with translation.override("en"):
        assert _Words.now().number(Decimal("12345.5")) == localize(Decimal("12345.5")) == "12,345.5"
