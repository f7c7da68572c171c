"""Demo users, one per role, so a newcomer can try every role (`hyoka demo` prints them)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth.models import User
from django.utils import timezone

from hyoka.accounts.models import Profile
from hyoka.evaluations.actions import open_cycle
from hyoka.evaluations.models import EvaluationCycle
from hyoka.plans.models import Department, Plan

AKIRUNO = "132284"  # あきる野市: the demo plan with an evaluation scheme and departments


@dataclass(frozen=True)
class DemoUser:
    username: str
    password: str
    role: str
    departments: tuple[str, ...] = ()  # department names in あきる野市

    def describe(self) -> str:
        where = f"（{'・'.join(self.departments)}）" if self.departments else ""
        return f"{self.username} / {self.password}  {Profile.Role(self.role).label}{where}"


DEMO_USERS = [
    DemoUser("kikaku", "kikaku-demo", Profile.Role.PLANNING_ADMIN),
    DemoUser("kenko", "kenko-demo", Profile.Role.DEPARTMENT_EDITOR, ("健康課",)),
    DemoUser("hoiku", "hoiku-demo", Profile.Role.DEPARTMENT_EDITOR, ("保育課",)),
    DemoUser("iin", "iin-demo", Profile.Role.REVIEWER),
]


def make_user(username: str, password: str, role: str, departments: list[Department] = ()) -> User:
    """Create (or reset) a user with a role; the demo and the tests' named people both use this."""
    user, _ = User.objects.get_or_create(username=username)
    user.set_password(password)
    user.save()
    profile, _ = Profile.objects.update_or_create(user=user, defaults={"role": role})
    profile.departments.set(departments)
    return user


def create_demo_users() -> list[DemoUser]:
    for demo in DEMO_USERS:
        departments = list(Department.objects.filter(municipality__code=AKIRUNO, name__in=demo.departments))
        make_user(demo.username, demo.password, demo.role, departments)
    return DEMO_USERS


def open_demo_cycle(plan: Plan) -> EvaluationCycle:
    """FY2021 of the あきる野市 demo plan (the one `hyoka demo` loaded: the database may hold other plans of the
    city), open for entry, so the department logins have something to do."""
    existing = EvaluationCycle.objects.filter(plan=plan, fiscal_year=2021).first()
    if existing:
        return existing
    planner = User.objects.get(username=DEMO_USERS[0].username)
    return open_cycle(plan=plan, fiscal_year=2021, deadline=timezone.localdate() + timedelta(days=30), by=planner)
