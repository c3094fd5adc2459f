"""What the dashboard needs that nothing else records: on which days a person used the portal."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class SeenDay(models.Model):
    """A person used the portal on this day (one row per person and day, written at most
    once a day): "active in the last 30 days" and the active people per week."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="seen_days", db_index=False
    )
    day = models.DateField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="seen_day_once")]
        indexes = [models.Index(fields=["day"])]

    def __str__(self) -> str:
        return f"{self.user_id} {self.day}"
