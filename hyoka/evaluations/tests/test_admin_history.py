"""Edits in the Django admin keep the same history as the cycle's, and bump the versions open forms hold."""

import pytest
from django.urls import reverse

from hyoka.evaluations.models import Change, Evaluation
from hyoka.indicators.models import Indicator


def posted(response, **changes):
    """The admin form as the page rendered it (main form and inlines), with some fields changed."""
    forms = [response.context["adminform"].form]
    data = {}
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        data.update({formset.management_form.add_prefix(k): v for k, v in formset.management_form.initial.items()})
        forms += formset.forms
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            if value is None or value is False:
                continue
            data[form.add_prefix(name)] = value
    data.update(changes)
    return data


@pytest.fixture
def admin_client_fast(admin_client, settings_fast):
    return admin_client


def test_an_evaluation_edited_in_the_admin_keeps_its_history(admin_client_fast, people):
    evaluation = Evaluation.objects.get(project__plan=people.plan, project__number="3", fiscal_year=2020)
    url = reverse("admin:evaluations_evaluation_change", args=[evaluation.pk])
    response = admin_client_fast.post(url, posted(admin_client_fast.get(url), narrative="管理画面で修正"))
    assert response.status_code == 302
    evaluation.refresh_from_db()
    assert evaluation.narrative == "管理画面で修正" and evaluation.version == 1
    change = evaluation.changes.get()
    assert change.after == {"実績・取組状況": "管理画面で修正"} and change.before["実績・取組状況"].startswith(
        "乳幼児健診"
    )
    assert change.user.username == "admin"


def test_a_value_edited_in_the_admin_keeps_its_history(admin_client_fast, people):
    indicator = Indicator.objects.get(plan=people.plan, name="3～4か月児健康診査受診者（受診率）")
    url = reverse("admin:indicators_indicator_change", args=[indicator.pk])
    page = admin_client_fast.get(url)
    prefix = page.context["inline_admin_formsets"][0].formset.forms[0].prefix
    response = admin_client_fast.post(url, posted(page, **{f"{prefix}-value": "425"}))
    assert response.status_code == 302
    observation = indicator.observations.get()
    assert (observation.value, observation.version) == (425, 1)
    change = Change.objects.get(indicator=indicator)
    assert (change.before, change.after) == ({"値": "421"}, {"値": "425"})
    assert change.record.startswith("3～4か月児健康診査受診者（受診率）（令和2年度）")


def test_workflow_state_cannot_be_set_in_the_admin(admin_client_fast, people):
    evaluation = Evaluation.objects.get(project__plan=people.plan, project__number="3", fiscal_year=2020)
    url = reverse("admin:evaluations_evaluation_change", args=[evaluation.pk])
    admin_client_fast.post(url, posted(admin_client_fast.get(url), status="draft", version="99"))
    evaluation.refresh_from_db()
    assert (evaluation.status, evaluation.version) == ("approved", 1)
