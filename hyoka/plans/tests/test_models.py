"""What the plans app's models say of themselves."""

from hyoka.plans.models import Municipality


def test_a_municipality_is_named_with_its_prefecture_and_a_prefecture_once():
    assert str(Municipality(code="122076", name="松戸市", prefecture="千葉県")) == "千葉県松戸市"
    assert str(Municipality(code="120006", name="千葉県", prefecture="千葉県")) == "千葉県"
