"""Writes of acting on behalf: managed residents, consent given and revoked, and the one
check every module's service makes before acting for someone (`require_consent`).

A module's service takes `on_behalf_of=`: its usual person argument (owner, sender, by …)
names who is at the keyboard, `on_behalf_of` the resident they act for, to whom the result
belongs. It calls `acting_for` first, inside its own transaction, and audits both people
with `record_audit(actor=…, on_behalf_of=…)`.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.accounts.audit import record_audit
from portal.accounts.models import Role, User
from portal.accounts.services import require_town
from portal.accounts.services._checks import (
    PHONE_MAX_LENGTH,
    check_email,
    check_name,
    check_residence,
    email_taken,
)
from portal.accounts.tokens import make_password_token
from portal.notify import notify
from tenants.addresses import town_url

from .models import ADDRESS_MAX, NOTE_MAX, Consent, ManagedResident
from .scopes import scopes_of_current_town
from .selectors import consent_refusal, is_network_manager, no_consent_message, valid_consents

Errors = dict[str, list[str]]


def _require_network_manager(user: User) -> None:
    if not is_network_manager(user):
        raise PermissionDenied(_("Only the town's network managers can act for other people."))


def _one_line(value: str) -> str:
    return " ".join(value.split())


def _has_control_characters(value: str) -> bool:
    # NUL, BEL and the like: PostgreSQL refuses NUL, and none of them belongs in a name.
    return any(unicodedata.category(char) == "Cc" for char in value)


@transaction.atomic
def create_managed_resident(
    *,
    created_by: User,
    full_name: str,
    address: str = "",
    phone: str = "",
    postcode: str = "",
    district: str = "",
) -> User:
    """An account for someone without e-mail or internet, vouched for by a network manager.

    No password and no e-mail address; an address or a phone number is needed, so that the
    network manager can reach the person. Every problem is reported at once.
    """
    _require_network_manager(created_by)
    town = require_town()
    errors: Errors = {}
    full_name = check_name(full_name, errors)
    address, phone = _one_line(address), _one_line(phone)
    if len(address) > ADDRESS_MAX:
        errors.setdefault("address", []).append(
            _("An address may have at most %(max)d characters.") % {"max": ADDRESS_MAX}
        )
    if len(phone) > PHONE_MAX_LENGTH:
        errors.setdefault("phone", []).append(
            _("A phone number may have at most %(max)d characters.") % {"max": PHONE_MAX_LENGTH}
        )
    if not address and not phone:
        errors.setdefault("address", []).append(
            _("Please enter an address or a phone number, so that the person can be reached.")
        )
    postcode, district = check_residence(
        town=town, postcode=postcode, district=district, errors=errors, registering=False
    )
    for field, value in (("full_name", full_name), ("address", address), ("phone", phone)):
        if _has_control_characters(value):
            errors.setdefault(field, []).append(
                _("The entry contains characters that are not allowed.")
            )
    if errors:
        raise ValidationError(errors)
    person = User(
        email=None,
        full_name=full_name,
        phone=phone,
        postcode=postcode,
        district=district,
        roles=[Role.RESIDENT],
        status=User.Status.ACTIVE,
        is_managed=True,
        language=town.default_language,
    )
    person.set_unusable_password()
    person.save()
    ManagedResident.objects.create(user=person, address=address, created_by=created_by)
    record_audit(actor=created_by, subject=person, action="behalf_resident_created")
    return person


@transaction.atomic
def invite_managed_resident(*, person: User, email: str, invited_by: User) -> User:
    """Give a managed resident an e-mail address and send a link to choose a password.

    The account keeps its history (listings, messages, time); once the person has chosen a
    password it is an ordinary account (accounts.services.set_password_from_link).
    """
    _require_network_manager(invited_by)
    person = User.objects.select_for_update().get(pk=person.pk)
    if not person.is_managed:
        raise ValidationError(_("This person already has a full account."))
    errors: Errors = {}
    email = check_email(email, errors)
    if "email" not in errors and email_taken(email, exclude=person):
        errors["email"] = [_("Another account already uses this e-mail address.")]
    if errors:
        raise ValidationError(errors)
    person.email = email
    try:
        with transaction.atomic():
            person.save(update_fields=["email"])
    except IntegrityError as exc:
        raise ValidationError(
            {"email": [_("Another account already uses this e-mail address.")]}
        ) from exc
    ManagedResident.objects.filter(user=person).update(invited_at=timezone.now())
    link = town_url(
        reverse(
            "accounts:password_reset_confirm", args=[person.public_id, make_password_token(person)]
        )
    )
    # Saved above: the new address is the person's own now.
    notify(
        person,
        "behalf/invitation",
        context={"link": link, "helper": invited_by.full_name},
        kind="account",
    )
    record_audit(
        actor=invited_by, subject=person, action="behalf_resident_invited", detail={"email": email}
    )
    return person


@transaction.atomic
def record_consent(
    *,
    recorded_by: User,
    person: User,
    scopes: Iterable[str],
    given_how: str,
    helper: User | None = None,
    valid_from: date | None = None,
    valid_until: date | None = None,
    note: str = "",
) -> Consent:
    """Write down that `person` allows `helper` (None: any network manager) to act for them.

    Every problem is reported at once; nothing is written unless all is well.
    """
    _require_network_manager(recorded_by)
    errors: Errors = {}
    if person.pk == recorded_by.pk:
        errors.setdefault("__all__", []).append(
            _("Another network manager has to record a consent you give yourself.")
        )
    if person.participation_block is not None:
        errors.setdefault("__all__", []).append(
            _("%(name)s cannot take part at the moment.") % {"name": person.full_name}
        )
    if helper is not None and not is_network_manager(helper):
        errors.setdefault("helper", []).append(_("Please choose one of the network managers."))
    if helper is not None and helper.pk == person.pk:
        errors.setdefault("helper", []).append(_("Nobody can act on their own behalf."))
    keys = sorted({str(key) for key in scopes})
    if not keys:
        errors.setdefault("scopes", []).append(_("Please choose what the consent covers."))
    # Only the scopes of the modules this town has on: a switched-off module's are not offered.
    elif not set(keys) <= {scope.key for scope in scopes_of_current_town()}:
        errors.setdefault("scopes", []).append(_("Please choose from the list."))
    if given_how not in Consent.Given.values:
        errors.setdefault("given_how", []).append(_("Please say how the consent was given."))
    valid_from = valid_from or timezone.localdate()
    if valid_until is not None and valid_until < valid_from:
        errors.setdefault("valid_until", []).append(
            _("The end date must not be before the start date.")
        )
    note = note.strip()
    if len(note) > NOTE_MAX:
        errors.setdefault("note", []).append(
            _("A note may have at most %(max)d characters.") % {"max": NOTE_MAX}
        )
    if _has_control_characters(note.replace("\n", "").replace("\r", "").replace("\t", "")):
        errors.setdefault("note", []).append(
            _("The note contains characters that are not allowed.")
        )
    if errors:
        raise ValidationError(errors)
    consent = Consent.objects.create(
        person=person,
        helper=helper,
        scopes=keys,
        given_how=given_how,
        valid_from=valid_from,
        valid_until=valid_until,
        note=note,
        recorded_by=recorded_by,
    )
    record_audit(
        actor=recorded_by,
        subject=person,
        action="behalf_consent_given",
        target=consent,
        detail={
            "scopes": keys,
            "how": given_how,
            "helper": str(helper.public_id) if helper else "any",
            "until": valid_until.isoformat() if valid_until else "",
        },
    )
    return consent


@transaction.atomic
def revoke_consent(*, consent: Consent, by: User) -> Consent:
    """End a consent now: the resident themselves or a network manager may."""
    consent = Consent.objects.select_for_update().select_related("person").get(pk=consent.pk)
    if by.pk != consent.person_id:
        _require_network_manager(by)
    if consent.revoked_at is not None:
        raise ValidationError(_("This consent has already been revoked."))
    consent.revoked_at = timezone.now()
    consent.revoked_by = by
    consent.save(update_fields=["revoked_at", "revoked_by"])
    record_audit(
        actor=by,
        subject=consent.person,
        action="behalf_consent_revoked",
        target=consent,
        detail={"scopes": list(consent.scopes)},
    )
    return consent


def require_consent(*, actor: User, person: User, scope: str) -> Consent:
    """The consent that lets `actor` act for `person` in `scope` today, or PermissionDenied.

    Call it inside the acting service's transaction: it locks the consent, so a
    revocation at the same moment waits until the action is done (or comes first).
    """
    reason = consent_refusal(actor=actor, person=person, scope=scope)
    if reason is not None:
        raise PermissionDenied(reason)
    consent = (
        valid_consents()
        .select_for_update()
        .filter(person=person, scopes__contains=[scope])
        .filter(Q(helper__isnull=True) | Q(helper=actor))
        .order_by("-created_at")
        .first()
    )
    if consent is None:  # revoked between the check and the lock
        raise PermissionDenied(no_consent_message(person=person, scope=scope))
    return consent


def acting_for(*, actor: User, on_behalf_of: User | None, scope: str) -> User:
    """The person an action is for: the actor themselves, or — with a valid consent in
    `scope` — the resident they act for."""
    if on_behalf_of is None:
        return actor
    require_consent(actor=actor, person=on_behalf_of, scope=scope)
    return on_behalf_of
