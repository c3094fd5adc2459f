"""What the moderation kit keeps of a person: the reports they filed."""

from __future__ import annotations

from typing import Any

from portal.personal_data import ExportPart, PersonalData

from .models import Report


def export_reports(user: Any) -> ExportPart:
    reports = list(
        Report.objects.filter(reporter=user).values("reason", "created_at", "resolution")
    )
    return ExportPart(data={"reports_filed": reports})


def erase_reports(user: Any) -> None:
    Report.objects.filter(reporter=user).delete()


MODERATION = PersonalData(
    key="moderation",
    export=export_reports,
    erase=erase_reports,
    covers=("moderation.Report.reporter",),
    excluded={
        "moderation.Report.resolved_by": (
            "the moderator who handled a report; kept to explain the decision, names no one "
            "once the account is anonymised"
        ),
    },
)
