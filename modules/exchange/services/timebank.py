"""The time bank: transfers of minutes between residents, posted to the town's ledger.

A transfer is proposed by one party and confirmed by the other; only then is it posted as a
ledger transaction in minutes under the key "exchange.transfer:<public_id>" (one negative,
one positive entry — the ledger's triggers check the balance at commit and refuse to change
or delete an entry). A moderator may record a transfer for a resident who is not online; an
audit row names who acted for whom. Corrections are reversals, never edits.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from billing.ledger import selectors as ledger_selectors
from billing.ledger import services as ledger
from billing.ledger.models import OwnerKind, Unit
from portal.accounts.audit import DETAIL_MAX_LENGTH, record_audit
from portal.accounts.models import User
from portal.accounts.permissions import require_moderator
from portal.accounts.services import town_url
from portal.behalf.services import acting_for, require_consent
from portal.formatting import hours_minutes
from portal.notifications.services import mark_read_for_target
from portal.notify import notify
from portal.validation import Errors

from ..models import (
    NOTE_MAX,
    TRANSFER_MAX_MINUTES,
    Listing,
    TimeAccount,
    TimeTransfer,
)
from ..notification_kinds import TRANSFERS, transfer_target
from ..scopes import TIME
from ..selectors import current_settings
from .checks import clean_minutes, clean_text, require_participant


def transfer_key(transfer: TimeTransfer) -> str:
    """The ledger key of a transfer: it can be posted once, whoever retries."""
    return f"exchange.transfer:{transfer.public_id}"


def transfer_memo(transfer: TimeTransfer) -> str:
    """The ledger memo of a transfer: neutral, never its note. Ledger rows are immutable, so a
    note there would outlive the erasure of the people it names; the note stays on the
    transfer's own row, which the exchange's eraser clears."""
    if transfer.reverses_id is not None:
        return f"reversal of time transfer {transfer.reverses.public_id}"  # type: ignore[union-attr]
    return f"time transfer {transfer.public_id}"


def ensure_time_account(*, user: User) -> TimeAccount:
    """The person's account (a ledger account in minutes), opened on first use."""
    account = TimeAccount.objects.filter(owner=user).select_related("ledger_account").first()
    if account is not None:
        return account
    ledger_account = ledger.open_account(
        unit=Unit.MINUTES, owner_kind=OwnerKind.USER, owner_key=str(user.public_id), purpose="time"
    )
    account, _created = TimeAccount.objects.get_or_create(
        owner=user, defaults={"ledger_account": ledger_account}
    )
    return account


def _check_parties(payer: User, payee: User) -> None:
    if payer.pk == payee.pk:
        raise ValidationError(_("You cannot transfer time to yourself."))
    for person in (payer, payee):
        # Not only active: unverified and pending accounts may not take part either.
        if not person.can_participate:
            raise ValidationError(
                _("%(name)s cannot take part in the time bank at the moment.")
                % {"name": person.get_short_name()}
            )


def _post(transfer: TimeTransfer) -> None:
    """Post the transfer to the ledger, after checking the payer's limit under a lock."""
    accounts = {
        account.pk: account
        for account in TimeAccount.objects.select_for_update()
        .select_related("ledger_account")
        .filter(pk__in=[transfer.from_account_id, transfer.to_account_id])
        .order_by("pk")
    }
    payer_account = accounts[transfer.from_account_id]
    after = ledger_selectors.balance_of(payer_account.ledger_account) - transfer.minutes
    rules = current_settings()
    floor = -int(rules.negative_limit_minutes) if rules.allow_negative else 0
    if after < floor:
        if rules.allow_negative:
            message = _(
                "This would bring the balance of the person who receives the help to %(after)s; "
                "in this town it may not go below %(floor)s."
            )
        else:
            message = _(
                "This would bring the balance of the person who receives the help to %(after)s; "
                "in this town balances may not go below zero."
            )
        raise ValidationError(
            message % {"after": hours_minutes(after), "floor": hours_minutes(floor)}
        )
    posted = ledger.post(
        key=transfer_key(transfer),
        entries=[
            (payer_account.ledger_account, -transfer.minutes),
            (accounts[transfer.to_account_id].ledger_account, transfer.minutes),
        ],
        memo=transfer_memo(transfer),
    )
    transfer.ledger_transaction = posted
    transfer.status = TimeTransfer.Status.CONFIRMED
    transfer.confirmed_at = posted.created_at
    transfer.save(update_fields=["ledger_transaction", "status", "confirmed_at"])


@transaction.atomic
def propose_transfer(
    *,
    proposer: User,
    payer: User,
    payee: User,
    minutes: int,
    note: str = "",
    listing: Listing | None = None,
) -> TimeTransfer:
    """Suggest moving `minutes` from the payer (who was helped) to the payee (who helped)."""
    require_participant(proposer)
    if proposer.pk not in (payer.pk, payee.pk):
        raise PermissionDenied(_("You can only propose transfers you take part in yourself."))
    _check_parties(payer, payee)
    # Both fields are checked before either is refused: one answer names every problem.
    errors = Errors()
    try:
        minutes = clean_minutes(minutes, maximum=TRANSFER_MAX_MINUTES)
    except ValidationError as exc:
        errors.collect(exc, field="minutes")
    try:
        note = clean_text(
            note, field="note", label=_("the note"), max_length=NOTE_MAX, required=False
        )
    except ValidationError as exc:
        errors.collect(exc, field="note")
    errors.raise_if_any()
    if listing is not None and listing.owner_id not in (payer.pk, payee.pk):
        raise ValidationError(_("The listing must belong to one of the two people."))
    transfer = TimeTransfer.objects.create(
        proposer=proposer,
        from_account=ensure_time_account(user=payer),
        to_account=ensure_time_account(user=payee),
        minutes=minutes,
        note=note,
        listing=listing,
    )
    other = payee if proposer.pk == payer.pk else payer
    # A managed resident has no address: those who act for them confirm instead.
    notify(
        other,
        "exchange/transfer_proposed",
        context={
            "proposer": proposer.get_short_name(),
            "hours": hours_minutes(minutes),
            "you_receive": other.pk == payee.pk,
            "note": note,
            "link": town_url(reverse("exchange:account")),
        },
        kind=TRANSFERS.key,
        helpers_scope=TIME,
        target=transfer_target(transfer.public_id),
    )
    return transfer


def _locked(transfer: TimeTransfer) -> TimeTransfer:
    return (
        TimeTransfer.objects.select_for_update(of=("self",))
        .select_related("from_account", "to_account")
        .get(pk=transfer.pk)
    )


def _refuse_if_settled(transfer: TimeTransfer) -> None:
    if transfer.status == TimeTransfer.Status.CONFIRMED:
        raise ValidationError(_("This transfer has already been confirmed."))
    if transfer.status == TimeTransfer.Status.DECLINED:
        raise ValidationError(_("This transfer was declined and can no longer be confirmed."))


@transaction.atomic
def confirm_transfer(
    *, transfer: TimeTransfer, by: User, on_behalf_of: User | None = None
) -> TimeTransfer:
    """The other party agrees; the hours move. A second confirmation changes nothing.

    With `on_behalf_of`, `by` is the network manager confirming for that party (with their
    consent; audited).
    """
    actor = by
    by = acting_for(actor=actor, on_behalf_of=on_behalf_of, scope=TIME)
    require_participant(by)
    transfer = _locked(transfer)
    parties = (transfer.from_account.owner_id, transfer.to_account.owner_id)
    if by.pk not in parties:
        raise PermissionDenied(_("Only the two people of a transfer can confirm it."))
    if on_behalf_of is not None and actor.pk in parties:
        # A network manager never confirms, for someone else, a transfer he is part of:
        # otherwise he could propose "you pay me" and agree to it himself.
        raise PermissionDenied(
            _("You are part of this transfer; another network manager has to confirm it for them.")
        )
    _refuse_if_settled(transfer)
    if by.pk == transfer.proposer_id:
        raise ValidationError(_("You proposed this transfer; the other person has to confirm it."))
    _post(transfer)
    mark_read_for_target(user=by, target=transfer_target(transfer.public_id))
    if on_behalf_of is not None:
        record_audit(
            actor=actor,
            on_behalf_of=by,
            action="exchange_transfer_confirmed_for",
            target=transfer,
            detail={"minutes": transfer.minutes},
        )
    return transfer


@transaction.atomic
def decline_transfer(*, transfer: TimeTransfer, by: User) -> TimeTransfer:
    """Either party turns a proposal down (the proposer thereby withdraws it)."""
    require_participant(by)
    transfer = _locked(transfer)
    if by.pk not in (transfer.from_account.owner_id, transfer.to_account.owner_id):
        raise PermissionDenied(_("Only the two people of a transfer can decline it."))
    if transfer.status == TimeTransfer.Status.CONFIRMED:
        raise ValidationError(_("This transfer has already been confirmed."))
    if transfer.status == TimeTransfer.Status.DECLINED:
        raise ValidationError(_("This transfer has already been declined."))
    transfer.status = TimeTransfer.Status.DECLINED
    transfer.declined_at = timezone.now()
    transfer.save(update_fields=["status", "declined_at"])
    mark_read_for_target(user=by, target=transfer_target(transfer.public_id))
    return transfer


@transaction.atomic
def record_transfer_for(
    *,
    moderator: User,
    payer: User,
    payee: User,
    minutes: int,
    on_behalf_of: User,
    note: str = "",
) -> TimeTransfer:
    """A network manager records an agreed exchange for someone who is not online, with
    their consent for the time bank; audited for both."""
    require_consent(actor=moderator, person=on_behalf_of, scope=TIME)
    if moderator.pk in (payer.pk, payee.pk):
        raise ValidationError(
            _("Another moderator has to record a transfer in which you take part yourself.")
        )
    if on_behalf_of.pk not in (payer.pk, payee.pk):
        raise ValidationError(_("You can only act for one of the two people of the transfer."))
    _check_parties(payer, payee)
    if payer.pk != on_behalf_of.pk:
        # Nobody's hours are taken without them: the payer must have agreed too.
        require_consent(actor=moderator, person=payer, scope=TIME)
    errors = Errors()
    try:
        minutes = clean_minutes(minutes, maximum=TRANSFER_MAX_MINUTES)
    except ValidationError as exc:
        errors.collect(exc, field="minutes")
    try:
        note = clean_text(
            note, field="note", label=_("the note"), max_length=NOTE_MAX, required=True
        )
    except ValidationError as exc:
        errors.collect(exc, field="note")
    errors.raise_if_any()
    transfer = TimeTransfer.objects.create(
        proposer=moderator,
        from_account=ensure_time_account(user=payer),
        to_account=ensure_time_account(user=payee),
        minutes=minutes,
        note=note,
        recorded_by_moderator=moderator,
    )
    _post(_locked(transfer))
    transfer.refresh_from_db()
    record_audit(
        actor=moderator,
        on_behalf_of=on_behalf_of,
        target=transfer,
        action="exchange_transfer_recorded",
        detail={
            "transfer": str(transfer.public_id),
            "minutes": minutes,
            "from": str(payer.public_id),
            "to": str(payee.public_id),
            "reason": note[:DETAIL_MAX_LENGTH],  # the exchange's moderation log shows it
        },
    )
    # Both people hear of it: one of them was not asked on the portal itself.
    for person, other, helped in ((payee, payer, True), (payer, payee, False)):
        notify(
            person,
            "exchange/transfer_recorded",
            context={
                "other": other.get_short_name(),
                "time": hours_minutes(minutes),
                "you_helped": helped,
                "moderator": moderator.get_short_name(),
                "note": note,
                "link": town_url(reverse("exchange:account")),
            },
            kind=TRANSFERS.key,
            reply_to=moderator.email or None,
            helpers_scope=TIME,
        )
    return transfer


@transaction.atomic
def reverse_transfer(*, transfer: TimeTransfer, moderator: User, reason: str) -> TimeTransfer:
    """Undo a confirmed transfer by posting its mirror image (entries are never edited)."""
    require_moderator(moderator)
    reason = clean_text(
        reason, field="reason", label=_("the reason"), max_length=NOTE_MAX, multiline=True
    )
    original = _locked(transfer)
    # A moderator who took part could otherwise clear his own debt.
    if moderator.pk in (original.from_account.owner_id, original.to_account.owner_id):
        raise PermissionDenied(
            _("Another moderator has to reverse a transfer in which you take part yourself.")
        )
    if original.status != TimeTransfer.Status.CONFIRMED or original.ledger_transaction is None:
        raise ValidationError(_("Only confirmed transfers can be reversed."))
    if TimeTransfer.objects.filter(reverses=original).exists():
        raise ValidationError(_("This transfer has already been reversed."))
    if original.reverses_id is not None:
        raise ValidationError(_("A reversal cannot itself be reversed; record a new transfer."))
    mirror = TimeTransfer.objects.create(
        proposer=moderator,
        from_account=original.to_account,
        to_account=original.from_account,
        minutes=original.minutes,
        note=reason,
        recorded_by_moderator=moderator,
        reverses=original,
    )
    # A correction may take a balance below the limit: it restores what was wrongly posted.
    posted = ledger.reverse(
        transaction=original.ledger_transaction,
        key=transfer_key(mirror),
        memo=transfer_memo(mirror),
    )
    mirror.ledger_transaction = posted
    mirror.status = TimeTransfer.Status.CONFIRMED
    mirror.confirmed_at = posted.created_at
    mirror.save(update_fields=["ledger_transaction", "status", "confirmed_at"])
    record_audit(
        actor=moderator,
        subject=original.from_account.owner,
        action="exchange_transfer_reversed",
        target=mirror,
        detail={
            "transfer": str(original.public_id),
            "minutes": original.minutes,
            "from": str(original.from_account.owner.public_id),
            "to": str(original.to_account.owner.public_id),
            "reason": reason[:DETAIL_MAX_LENGTH],
        },
    )
    return mirror
