"""Registering, moderating, editing with a log, offerings, invitations, settings."""

from __future__ import annotations

import io
import re

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from modules.directory import selectors, services
from modules.directory.models import (
    Category,
    DirectorySettings,
    Kind,
    Offering,
    Organisation,
    OrganisationChange,
    Representative,
    RepresentativeInvitation,
)

FIELDS = {
    "name": "Musikverein Harmonie",
    "kind": Kind.CLUB,
    "description": "Blasmusik für Jung und Alt.",
    "categories": [Category.MUSIC_CULTURE],
    "contact_name": "Hans Maier",
    "email": "info@harmonie.example",
    "website": "https://harmonie.example",
}


def png(size: tuple[int, int] = (40, 30), fmt: str = "PNG") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    image = Image.new("RGB", size, "red")
    exif = Image.Exif()
    exif[0x010F] = "Kamera GmbH"  # Make
    image.save(buffer, format=fmt, exif=exif)
    return SimpleUploadedFile(f"logo.{fmt.lower()}", buffer.getvalue(), f"image/{fmt.lower()}")


def test_registered_organisation_waits_for_approval_then_is_public(
    member, moderator, mailoutbox, django_capture_on_commit_callbacks
):
    # given a resident registers an organisation
    with django_capture_on_commit_callbacks(execute=True):
        organisation = services.register_organisation(created_by=member, fields=FIELDS)
    # then it is pending, its creator represents it, moderators are told, nobody finds it
    assert organisation.status == Organisation.Status.PENDING
    assert organisation.slug == "musikverein-harmonie"
    assert Representative.objects.filter(organisation=organisation, user=member).exists()
    assert [moderator.email] in [m.to for m in mailoutbox]
    assert [member.email] not in [m.to for m in mailoutbox]
    assert list(selectors.find_organisations(query="Musikverein")) == []
    # when a moderator approves it
    with django_capture_on_commit_callbacks(execute=True):
        services.approve_organisation(organisation=organisation, approved_by=moderator)
    # then it is found, the representative is told, and the log has both steps
    assert [o.pk for o in selectors.find_organisations(query="Musikverein")] == [organisation.pk]
    assert mailoutbox[-1].to == [member.email]
    actions = list(organisation.changes.values_list("action", flat=True))
    assert actions == ["approved", "created"]


def test_slugs_stay_unique(member):
    first = services.register_organisation(created_by=member, fields=FIELDS)
    second = services.register_organisation(created_by=member, fields=FIELDS)
    assert first.slug != second.slug


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({**FIELDS, "name": ""}, "name"),
        ({**FIELDS, "name": "   "}, "name"),
        ({**FIELDS, "name": "x" * 121}, "name"),
        ({**FIELDS, "description": ""}, "description"),
        ({**FIELDS, "description": "x" * 4001}, "description"),
        ({**FIELDS, "kind": "sect"}, "kind"),
        ({**FIELDS, "categories": ["astrology"]}, "categories"),
        ({**FIELDS, "categories": "sport"}, "categories"),
        ({**FIELDS, "categories": list(Category.values)[:6]}, "categories"),
        ({**FIELDS, "website": "javascript:alert(1)"}, "website"),
        ({**FIELDS, "email": "not-an-address"}, "email"),
        ({**FIELDS, "name": 42}, "name"),
    ],
)
def test_bad_profile_input_is_refused_and_changes_nothing(member, fields, field):
    with pytest.raises(ValidationError) as info:
        services.register_organisation(created_by=member, fields=fields)
    assert field in info.value.message_dict
    assert Organisation.objects.count() == 0


def test_unverified_user_cannot_register(unverified):
    with pytest.raises(PermissionDenied):
        services.register_organisation(created_by=unverified, fields=FIELDS)
    assert Organisation.objects.count() == 0


def test_edit_goes_live_at_once_and_is_logged(cafe, owner):
    # given a public profile
    with time_machine.travel("2026-03-01 10:00 +0100", tick=False):
        services.update_organisation(
            organisation=cafe,
            changed_by=owner,
            fields={"description": "Wir reparieren Fahrräder.", "phone": "07033 1234"},
        )
    # then the change is searchable, logged with its fields, and counts as a review
    cafe.refresh_from_db()
    assert [o.pk for o in selectors.find_organisations(query="Fahrrad")] == [cafe.pk]
    change = cafe.changes.get(action=OrganisationChange.Action.EDITED)
    assert sorted(change.fields) == ["description", "phone"]
    assert change.changed_by == owner
    assert cafe.last_reviewed_at.isoformat().startswith("2026-03-01T09:00")


def test_edit_without_change_logs_nothing(cafe, owner):
    services.update_organisation(organisation=cafe, changed_by=owner, fields={"name": cafe.name})
    assert not cafe.changes.filter(action=OrganisationChange.Action.EDITED).exists()


@pytest.mark.parametrize("who", ["member", "provider", "unverified"])
def test_only_representatives_and_moderators_edit(cafe, request, who, moderator):
    user = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        services.update_organisation(organisation=cafe, changed_by=user, fields={"name": "Weg"})
    cafe.refresh_from_db()
    assert cafe.name == "Repair-Café Merklingen"
    services.update_organisation(organisation=cafe, changed_by=moderator, fields={"phone": "1"})
    cafe.refresh_from_db()
    assert cafe.phone == "1"


def test_markup_is_stored_as_text(cafe, owner):
    services.update_organisation(
        organisation=cafe, changed_by=owner, fields={"description": "<script>alert(1)</script>"}
    )
    cafe.refresh_from_db()
    assert cafe.description == "<script>alert(1)</script>"


def test_unknown_field_is_refused(cafe, owner):
    with pytest.raises(ValidationError):
        services.update_organisation(
            organisation=cafe, changed_by=owner, fields={"status": "approved"}
        )


def test_reject_needs_a_reason_and_tells_representatives(
    member, moderator, mailoutbox, django_capture_on_commit_callbacks
):
    organisation = services.register_organisation(created_by=member, fields=FIELDS)
    with pytest.raises(ValidationError):
        services.reject_organisation(organisation=organisation, rejected_by=moderator, reason=" ")
    organisation.refresh_from_db()
    assert organisation.status == Organisation.Status.PENDING
    with django_capture_on_commit_callbacks(execute=True):
        services.reject_organisation(
            organisation=organisation, rejected_by=moderator, reason="<b>Bitte</b> ergänzen"
        )
    organisation.refresh_from_db()
    assert organisation.status == Organisation.Status.REJECTED
    mail = mailoutbox[-1]
    assert mail.to == [member.email]
    html = mail.alternatives[0][0]
    assert "<b>Bitte</b>" not in html and "&lt;b&gt;Bitte&lt;/b&gt;" in html
    assert "<b>Bitte</b> ergänzen" in mail.body


def test_members_cannot_moderate(member):
    organisation = services.register_organisation(created_by=member, fields=FIELDS)
    with pytest.raises(PermissionDenied):
        services.approve_organisation(organisation=organisation, approved_by=member)
    organisation.refresh_from_db()
    assert organisation.status == Organisation.Status.PENDING


def test_offerings_are_added_changed_removed_and_logged(cafe, owner, member):
    offering = services.add_offering(
        organisation=cafe,
        added_by=owner,
        fields={"title": "Nähcafé", "description": "Kleidung flicken", "schedule": ""},
    )
    assert [o.pk for o in selectors.find_organisations(query="Kleidung")] == [cafe.pk]
    services.update_offering(offering=offering, changed_by=owner, fields={"title": "Nähtreff"})
    with pytest.raises(PermissionDenied):
        services.remove_offering(offering=offering, removed_by=member)
    services.remove_offering(offering=offering, removed_by=owner)
    assert not Offering.objects.filter(pk=offering.pk).exists()
    assert list(selectors.find_organisations(query="Kleidung")) == []
    actions = set(cafe.changes.values_list("action", flat=True))
    assert {"offering_added", "offering_edited", "offering_removed"} <= actions


@pytest.mark.parametrize(
    "fields",
    [{"title": ""}, {"title": "x" * 121}, {"title": "ok", "schedule": "x" * 201}, {"title": None}],
)
def test_bad_offering_is_refused(cafe, owner, fields):
    with pytest.raises(ValidationError):
        services.add_offering(organisation=cafe, added_by=owner, fields=fields)
    assert cafe.offerings.count() == 1


def test_invitation_link_adds_representative_once(
    cafe, owner, member, mailoutbox, django_capture_on_commit_callbacks
):
    # given the owner invites the member by e-mail
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.invite_representative(
            organisation=cafe, invited_by=owner, email="MEMBER@example.org"
        )
    assert mailoutbox[-1].to == ["member@example.org"]
    # (the token carries the second it was signed in: read it from the mail, not a new one)
    link = re.search(r"/directory/invitation/([^/\s]+)/", mailoutbox[-1].body)
    assert link is not None
    token = link.group(1)
    # when the member accepts
    services.accept_invitation(token=token, user=member)
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None
    # then they represent the organisation
    assert Representative.objects.filter(organisation=cafe, user=member).exists()
    assert services.can_edit(user=member, organisation=cafe)
    # and the link does not work a second time
    with pytest.raises(ValidationError, match="already been used"):
        services.accept_invitation(token=token, user=member)


def test_invitation_for_another_address_is_refused(cafe, owner, member, provider):
    invitation = services.invite_representative(
        organisation=cafe, invited_by=owner, email=member.email
    )
    token = services.make_invitation_token(invitation)
    with pytest.raises(ValidationError, match="another e-mail address"):
        services.accept_invitation(token=token, user=provider)
    invitation.refresh_from_db()
    assert invitation.accepted_at is None
    assert not Representative.objects.filter(organisation=cafe, user=provider).exists()


def test_expired_or_forged_invitation_is_refused(cafe, owner, member):
    with time_machine.travel("2026-01-01 12:00 +0000", tick=False):
        invitation = services.invite_representative(
            organisation=cafe, invited_by=owner, email=member.email
        )
        token = services.make_invitation_token(invitation)
    with (
        time_machine.travel("2026-01-20 12:00 +0000", tick=False),
        pytest.raises(ValidationError, match="expired"),
    ):
        services.accept_invitation(token=token, user=member)
    with pytest.raises(ValidationError, match="not valid"):
        services.accept_invitation(token=token[:-2] + "xx", user=member)
    assert not Representative.objects.filter(organisation=cafe, user=member).exists()


@pytest.mark.parametrize("email", ["", "kein-mail", "a@" + "b" * 300 + ".de"])
def test_bad_invitation_address_is_refused(cafe, owner, email):
    with pytest.raises(ValidationError):
        services.invite_representative(organisation=cafe, invited_by=owner, email=email)
    assert RepresentativeInvitation.objects.count() == 0


def test_members_cannot_invite(cafe, member):
    with pytest.raises(PermissionDenied):
        services.invite_representative(organisation=cafe, invited_by=member, email="x@example.org")
    assert RepresentativeInvitation.objects.count() == 0


def test_last_representative_stays(cafe, owner, member):
    only = Representative.objects.get(organisation=cafe, user=owner)
    with pytest.raises(ValidationError, match="at least one"):
        services.remove_representative(organisation=cafe, representative=only, removed_by=owner)
    second = Representative.objects.create(organisation=cafe, user=member)
    services.remove_representative(organisation=cafe, representative=second, removed_by=owner)
    assert list(cafe.representatives.values_list("user_id", flat=True)) == [owner.pk]


def test_logo_is_reencoded_without_exif(settings, tmp_path, cafe, owner):
    settings.MEDIA_ROOT = tmp_path
    services.update_organisation(organisation=cafe, changed_by=owner, fields={}, logo=png())
    cafe.refresh_from_db()
    assert cafe.logo.name.endswith(".png")
    with cafe.logo.open("rb") as stored, Image.open(stored) as image:
        assert image.format == "PNG"
        assert not image.getexif()


def test_jpeg_logo_is_accepted(settings, tmp_path, cafe, owner):
    settings.MEDIA_ROOT = tmp_path
    services.update_organisation(
        organisation=cafe, changed_by=owner, fields={}, logo=png(fmt="JPEG")
    )
    cafe.refresh_from_db()
    assert cafe.logo


@pytest.mark.parametrize(
    "upload",
    [
        SimpleUploadedFile("logo.png", b"<?php echo 1; ?>", "image/png"),
        SimpleUploadedFile("logo.png", b"\x89PNG\r\n\x1a\n" + b"0" * 100, "image/png"),
        SimpleUploadedFile("logo.png", b"x" * (3 * 1024 * 1024 + 1), "image/png"),
    ],
)
def test_fake_or_oversized_logo_is_refused(settings, tmp_path, cafe, owner, upload):
    settings.MEDIA_ROOT = tmp_path
    with pytest.raises(ValidationError) as info:
        services.update_organisation(organisation=cafe, changed_by=owner, fields={}, logo=upload)
    assert "logo" in info.value.message_dict
    cafe.refresh_from_db()
    assert not cafe.logo


def test_logo_with_too_many_pixels_is_refused(settings, tmp_path, cafe, owner):
    settings.MEDIA_ROOT = tmp_path
    buffer = io.BytesIO()
    Image.new("1", (5000, 5000)).save(buffer, format="PNG")
    upload = SimpleUploadedFile("big.png", buffer.getvalue(), "image/png")
    with pytest.raises(ValidationError, match="at most 4000 pixels"):
        services.update_organisation(organisation=cafe, changed_by=owner, fields={}, logo=upload)
    cafe.refresh_from_db()
    assert not cafe.logo


def test_gif_logo_is_refused(settings, tmp_path, cafe, owner):
    settings.MEDIA_ROOT = tmp_path
    with pytest.raises(ValidationError):
        services.update_organisation(
            organisation=cafe, changed_by=owner, fields={}, logo=png(fmt="GIF")
        )


@pytest.mark.parametrize(
    ("period", "interval"), [(0, 30), (10_000, 30), (365, 0), ("365", 30), (True, 30)]
)
def test_bad_settings_are_refused(town_admin, period, interval):
    with pytest.raises(ValidationError):
        services.update_settings(
            changed_by=town_admin, review_period_days=period, reminder_interval_days=interval
        )
    assert services.get_settings().review_period_days == 365


def test_only_town_admins_change_settings(moderator, town_admin):
    with pytest.raises(PermissionDenied):
        services.update_settings(
            changed_by=moderator, review_period_days=100, reminder_interval_days=10
        )
    services.update_settings(
        changed_by=town_admin, review_period_days=100, reminder_interval_days=10
    )
    assert DirectorySettings.objects.get().review_period_days == 100


def test_accepting_an_invitation_to_a_public_organisation_gives_the_representative_role(
    in_town_a,
) -> None:
    from modules.directory import services as directory_services
    from modules.directory.models import Organisation
    from portal.accounts.models import AuditEntry, Role
    from tests.factories import UserFactory
    from tests.factories.directory import OrganisationFactory, RepresentativeFactory

    # given a public organisation, its representative and an invited resident
    inviter = UserFactory()
    organisation = OrganisationFactory(status=Organisation.Status.APPROVED)
    RepresentativeFactory(organisation=organisation, user=inviter)
    invitee = UserFactory(email="neu@example.org")
    invitation = directory_services.invite_representative(
        organisation=organisation, invited_by=inviter, email="neu@example.org"
    )
    token = directory_services.make_invitation_token(invitation)
    # when the invitee accepts
    directory_services.accept_invitation(token=token, user=invitee)
    # then they hold the role, and the grant is audited
    invitee.refresh_from_db()
    assert Role.ORGANISATION in invitee.roles
    assert AuditEntry.objects.filter(subject=invitee, action="role_granted").exists()
