"""Samples for the directory's routes: an approved and a pending organisation and their parts."""

from __future__ import annotations

from datetime import timedelta

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from modules.directory import services
from modules.directory.models import Organisation
from tests.factories import UserFactory
from tests.factories.directory import (
    OfferingFactory,
    OrganisationFactory,
    RepresentativeFactory,
)
from tests.factories.exchange import image_bytes

from . import Samples


def make_samples() -> Samples:
    owner = UserFactory(email="harness-owner@example.org")
    cafe = OrganisationFactory(name="Harness-Café", slug="harness-cafe")
    RepresentativeFactory(organisation=cafe, user=owner)
    colleague = RepresentativeFactory(organisation=cafe).user
    offering = OfferingFactory(organisation=cafe)
    pending = OrganisationFactory(
        name="Harness wartet", slug="harness-wartet", status=Organisation.Status.PENDING
    )
    # Due work for the daily review reminder: a profile nobody confirmed for two years.
    stale = OrganisationFactory(name="Harness alt", slug="harness-alt")
    RepresentativeFactory(organisation=stale)
    Organisation.objects.filter(pk=stale.pk).update(
        last_reviewed_at=timezone.now() - timedelta(days=730)
    )
    invitation = services.invite_representative(
        organisation=cafe, invited_by=owner, email="harness-gast@example.org"
    )
    with_logo = OrganisationFactory(name="Harness-Logo", slug="harness-logo")
    logo = default_storage.save("private/directory/harness.png", ContentFile(image_bytes()))
    Organisation.objects.filter(pk=with_logo.pk).update(logo=logo)
    org = {"slug": cafe.slug}
    offer = {"slug": cafe.slug, "public_id": offering.public_id}
    return {
        "directory:accept_invitation": {"token": services.make_invitation_token(invitation)},
        "directory:moderation_approve": {"slug": pending.slug},
        "directory:moderation_reject": {"slug": pending.slug},
        "directory:detail": org,
        "directory:logo": {"slug": with_logo.slug},
        "directory:edit": org,
        "directory:confirm": org,
        "directory:offering_add": org,
        "directory:offering_edit": offer,
        "directory:offering_remove": offer,
        "directory:representatives": org,
        "directory:representative_remove": {"slug": cafe.slug, "user_id": colleague.public_id},
        "directory_api:organisation-detail": org,
        "directory_api:organisation-offerings": org,
        "directory_api:offering-detail": {"public_id": offering.public_id},
    }
