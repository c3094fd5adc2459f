"""Searches that found nothing, counted per normalised term and week (no person, no address)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class UnfoundSearch(models.Model):
    """How often a normalised term found nothing in one week (the week's Monday, town time)."""

    term = models.CharField(_("search term"), max_length=100)
    week = models.DateField(_("week"))
    count = models.PositiveIntegerField(_("searches"), default=0)

    class Meta:
        verbose_name = _("search that found nothing")
        verbose_name_plural = _("searches that found nothing")
        constraints = [
            models.UniqueConstraint(fields=["term", "week"], name="search_unfound_term_week")
        ]
        indexes = [models.Index(fields=["week"])]

    def __str__(self) -> str:
        return f"{self.term} ({self.week}: {self.count})"
