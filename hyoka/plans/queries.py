"""Finding a plan the way people name it on the command line: by id or by exact title."""

from django.core.management.base import CommandError

from hyoka.plans.models import Plan


def plan_from_argument(value: str) -> Plan:
    plans = Plan.objects.select_related("municipality")
    if value.isdigit():
        plan = plans.filter(pk=int(value)).first()
    else:
        matches = list(plans.filter(title=value)[:2])
        if len(matches) > 1:
            raise CommandError(f"{value!r} names more than one plan; use its id (see `hyoka plans`)")
        plan = matches[0] if matches else None
    if plan is None:
        raise CommandError(f"no plan {value!r}; `hyoka plans` lists the plans with their ids")
    return plan
