"""What the dashboard keeps of a person: the days they used the portal."""

from __future__ import annotations

from typing import Any

from portal.personal_data import ExportPart, PersonalData

from .models import SeenDay


def export_seen_days(user: Any) -> ExportPart:
    days = [
        str(day)
        for day in SeenDay.objects.filter(user=user).order_by("day").values_list("day", flat=True)
    ]
    return ExportPart(data={"days_you_used_the_portal": days})


def erase_seen_days(user: Any) -> None:
    SeenDay.objects.filter(user=user).delete()


DASHBOARD = PersonalData(
    key="dashboard",
    export=export_seen_days,
    erase=erase_seen_days,
    covers=("dashboard.SeenDay.user",),
)
