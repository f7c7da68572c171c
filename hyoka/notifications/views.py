"""The やること page: each person's next steps across every plan (hyoka/notifications/todo.py decides what)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from hyoka.notifications.todo import tasks_for


@login_required
@require_safe
def tasks(request: HttpRequest) -> HttpResponse:
    """Any login may open it: it lists only what is the user's own to do (nothing without a role)."""
    return render(request, "notifications/tasks.html", {"tasks": tasks_for(request.user)})
