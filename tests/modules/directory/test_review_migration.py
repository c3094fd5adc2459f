"""Directory 0002 carries who approved or rejected an organisation over from the edit log."""

from __future__ import annotations

import importlib
from datetime import timedelta

import pytest
from django.apps import apps
from django.utils import timezone

from modules.directory.models import Organisation, OrganisationChange
from tests.factories.directory import OrganisationFactory

pytestmark = pytest.mark.django_db

migration = importlib.import_module(
    "modules.directory.migrations.0002_organisation_review_on_moderation_kit"
)


def test_reviews_are_taken_from_the_edit_log(in_town_a, moderator, town_admin):
    long_ago = timezone.now() - timedelta(days=100)
    approved = OrganisationFactory(status="approved", approved_at=long_ago)
    OrganisationChange.objects.create(
        organisation=approved, changed_by=moderator, action="approved", changed_at=long_ago
    )
    rejected = OrganisationFactory(status="rejected", review_reason="Kein Ortsbezug")
    OrganisationChange.objects.create(
        organisation=rejected, changed_by=moderator, action="rejected", changed_at=long_ago
    )
    OrganisationChange.objects.create(
        organisation=rejected,
        changed_by=town_admin,
        action="rejected",
        changed_at=long_ago + timedelta(days=1),
    )
    unlogged = OrganisationFactory(status="approved", approved_at=long_ago)
    pending = OrganisationFactory(status="pending")

    migration.carry_over_reviews(apps, None)

    approved = Organisation.objects.get(pk=approved.pk)
    assert approved.reviewed_at == long_ago and approved.reviewed_by == moderator
    rejected = Organisation.objects.get(pk=rejected.pk)
    assert rejected.reviewed_at == long_ago + timedelta(days=1)
    assert rejected.reviewed_by == town_admin and rejected.review_reason == "Kein Ortsbezug"
    unlogged = Organisation.objects.get(pk=unlogged.pk)
    assert unlogged.reviewed_at == long_ago and unlogged.reviewed_by is None
    assert Organisation.objects.get(pk=pending.pk).reviewed_at is None
