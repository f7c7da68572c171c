"""Rendering and sending one kind of mail (healthchecks' hc/lib/emails.py is the model).

Each kind is three templates in ``notifications/email/``: ``<kind>-subject.txt``, ``<kind>-body.txt``
and ``<kind>-body.html``. Mails are written in Japanese whatever language the page that caused them
was shown in: they go to city staff, and a year label (令和3年度) must read as the city writes it.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation


def absolute_url(name: str, *args: Any) -> str:
    """A link for a mail: the reader is not on a page of ours, so the address starts with HYOKA_BASE_URL."""
    return settings.HYOKA_BASE_URL.rstrip("/") + reverse(name, args=args)


def make_message(kind: str, to: str, context: dict[str, Any]) -> EmailMultiAlternatives:
    """One mail of ``kind`` to one address, plain text with an HTML alternative."""
    context = {**context, "base_url": settings.HYOKA_BASE_URL.rstrip("/"), "tasks_url": absolute_url("tasks")}
    with translation.override(settings.LANGUAGE_CODE):
        subject = " ".join(render_to_string(f"notifications/email/{kind}-subject.txt", context).split())
        text = render_to_string(f"notifications/email/{kind}-body.txt", context)
        html = render_to_string(f"notifications/email/{kind}-body.html", context)
    message = EmailMultiAlternatives(subject, text, to=[to])
    message.attach_alternative(html, "text/html")
    return message
