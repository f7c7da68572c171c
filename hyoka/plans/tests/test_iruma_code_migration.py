"""The migration that moves 入間市 from 飯能市's code (112097) to its own (112259)."""

import importlib

import pytest
from django.apps import apps

from hyoka.plans.models import Municipality

migration = importlib.import_module("hyoka.plans.migrations.0005_iruma_municipality_code")


@pytest.mark.django_db
def test_iruma_under_hanno_code_moves_to_its_own():
    Municipality.objects.create(code="112097", name="入間市", prefecture="埼玉県")
    migration.move_iruma(apps, None)
    assert list(Municipality.objects.values_list("code", "name")) == [("112259", "入間市")]


@pytest.mark.django_db
def test_hanno_and_a_stored_112259_are_left_alone():
    Municipality.objects.create(code="112097", name="飯能市", prefecture="埼玉県")
    migration.move_iruma(apps, None)
    Municipality.objects.create(code="112259", name="入間市", prefecture="埼玉県")
    Municipality.objects.create(code="999999", name="入間市", prefecture="埼玉県")
    migration.move_iruma(apps, None)
    assert set(Municipality.objects.values_list("code", flat=True)) == {"112097", "112259", "999999"}
