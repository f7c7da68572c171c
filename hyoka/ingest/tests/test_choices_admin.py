"""Remembered column meanings in the admin: listed with their city and header, deleted to forget, never
added or edited there (they come from imports)."""

import pytest
from django.urls import reverse

from hyoka.ingest.models import ColumnChoice
from hyoka.plans.models import Municipality

pytestmark = pytest.mark.django_db


@pytest.fixture
def remembered():
    city = Municipality.objects.create(code="112089", name="所沢市", prefecture="埼玉県")
    return ColumnChoice.objects.create(
        municipality=city, signature="33a0e87231bc", column=4, header="R7", kind="target"
    )


def test_the_admin_lists_remembered_choices_as_people_read_them(admin_client, remembered):
    page = admin_client.get(reverse("admin:ingest_columnchoice_changelist"))
    assert page.status_code == 200
    assert "所沢市" in page.text and "R7" in page.text and "目標値" in page.text
    assert '<td class="field-column_number">5</td>' in page.text  # 1-based, as the preview numbers columns
    assert reverse("admin:ingest_columnchoice_add") not in page.text


def test_a_remembered_choice_is_forgotten_by_deleting_it_and_cannot_be_edited(admin_client, remembered):
    change = admin_client.post(reverse("admin:ingest_columnchoice_change", args=[remembered.pk]), {"kind": "ignore"})
    assert change.status_code == 403
    assert admin_client.get(reverse("admin:ingest_columnchoice_add")).status_code == 403
    url = reverse("admin:ingest_columnchoice_delete", args=[remembered.pk])
    assert admin_client.post(url, {"post": "yes"}).status_code == 302
    assert not ColumnChoice.objects.exists()


def test_the_choices_of_a_city_are_read_as_the_importer_takes_them(remembered):
    ColumnChoice.objects.create(municipality=remembered.municipality, signature="33a0e87231bc", column=0, kind="ignore")
    other = Municipality.objects.create(code="112259", name="入間市", prefecture="埼玉県")
    ColumnChoice.objects.create(municipality=other, signature="33a0e87231bc", column=4, kind="baseline")
    assert ColumnChoice.objects.for_municipality("112089").as_choices() == {"33a0e87231bc": {0: "ignore", 4: "target"}}
    assert str(remembered) == "R7 → 目標値"
