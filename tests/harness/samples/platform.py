"""Samples for the platform's own routes that take town ids: accounts, console, support,
media (named `platform` as the harness calls the routes outside modules)."""

from __future__ import annotations

from datetime import timedelta

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.utils import timezone

from portal.accounts.models import DataExport
from portal.accounts.services import create_invitation
from portal.accounts.tokens import make_password_token, make_verification_token
from portal.behalf.models import Consent
from portal.behalf.scopes import consent_scopes
from portal.behalf.services import create_managed_resident, record_consent
from portal.notifications.unsubscribe import unsubscribe_token
from portal.notify import notify
from portal.operators import town_archives
from portal.operators.models import TownArchiveJob
from tenants.support import make_support_token
from tests.factories import UserFactory
from tests.factories.exchange import ListingFactory, image_bytes
from tests.factories.letters import LetterFactory, SectionFactory

from . import Samples


def make_samples() -> Samples:
    moderator = UserFactory(moderator=True, email="harness-moderator@example.org")
    person = UserFactory(email="harness-person@example.org")
    pending = UserFactory(pending=True, email="harness-pending@example.org")
    invitation = create_invitation(created_by=moderator)
    helped = create_managed_resident(
        created_by=moderator, full_name="Harald Harness", address="Marktplatz 1"
    )
    consent = record_consent(
        recorded_by=moderator,
        person=helped,
        scopes=[consent_scopes()[0].key],
        given_how=Consent.Given.IN_PERSON,
    )
    listing = ListingFactory()
    notify(
        person,
        "moderation/reported",
        context={"what": "Listing", "title": "Harness notification", "link": ""},
    )
    notification = person.notifications.get()
    draft_letter = LetterFactory(year=2025, quarter=2, title="Harness-Brief Entwurf")
    SectionFactory(letter=draft_letter, heading="Harness-Abschnitt")
    sent_letter = LetterFactory(year=2025, quarter=1, status="sent", title="Harness-Brief")
    SectionFactory(letter=sent_letter, heading="Harness-Abschnitt gesendet")
    on_letter = {"public_id": draft_letter.public_id}
    export = DataExport.objects.create(user=person)
    schema = connection.schema_name
    # A public file of the town's own (its folder is the schema's).
    town_file = default_storage.save("branding/harness.png", ContentFile(image_bytes()))
    on_person = {"public_id": person.public_id}
    archive_job = _finished_console_archive()
    return {
        "accounts:verify": {"token": make_verification_token(person)},
        "accounts:password_reset_confirm": {
            "public_id": person.public_id,
            "token": make_password_token(person),
        },
        "console:revoke_invitation": {"code": invitation.code},
        "console:moderation_act": {
            "module": "exchange",
            "kind": "listing",
            "public_id": listing.public_id,
        },
        "behalf:person": {"public_id": helped.public_id},
        "behalf:invite": {"public_id": helped.public_id},
        "behalf:consent": {"public_id": helped.public_id},
        "behalf:revoke": {"public_id": consent.public_id},
        "behalf:delete_account": {"public_id": helped.public_id},
        "console:user": on_person,
        "console:block": on_person,
        "console:unblock": on_person,
        "console:approve": {"public_id": pending.public_id},
        "console:reject": {"public_id": pending.public_id},
        "support:enter": {
            "token": make_support_token(schema_name=schema, operator_email="op@lq.example")
        },
        "town_media": {"schema": schema, "path": town_file},
        "notifications:mark_read": {"public_id": notification.public_id},
        "notification-read": {"public_id": notification.public_id},
        "notifications:unsubscribe": {"token": unsubscribe_token(person, "letter")},
        "letter_console:edit": on_letter,
        "letter_console:preview": on_letter,
        "letter_console:send": on_letter,
        "letter_console:resume": on_letter,
        "letter_console:resend_uncertain": on_letter,
        "letters:page": {"slug": sent_letter.slug},
        "letters:pdf": {"slug": sent_letter.slug},
        "accounts:my_data_download": {"public_id": export.public_id},
        "console:town_archive_download": {
            "token": town_archives.download_token(archive_job, schema=schema)
        },
    }


def _finished_console_archive() -> TownArchiveJob:
    """A town archive of town A made in its console, ready to download."""
    town = connection.tenant
    name = town_archives.archive_storage().save(
        f"exports/{town.slug}/harness.zip", ContentFile(b"PK\x05\x06" + bytes(18))
    )
    now = timezone.now()
    return TownArchiveJob.objects.create(
        kind=TownArchiveJob.Kind.EXPORT,
        town=town,
        slug=town.slug,
        requested_from=TownArchiveJob.RequestedFrom.CONSOLE,
        requested_by_email="harness-admin@example.org",
        status=TownArchiveJob.Status.DONE,
        file=name,
        size=22,
        finished_at=now,
        expires_at=now + timedelta(hours=1),
    )
