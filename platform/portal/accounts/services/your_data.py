"""A person's own data: download it ("Meine Daten herunterladen") and delete the account
("Mein Konto löschen"), both through the personal-data declarations of every app."""

from __future__ import annotations

import tempfile
import uuid
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from portal.behalf.selectors import deletion_refusal, valid_consents
from portal.files import delete_files_on_commit, private_name
from portal.notify import notify
from portal.personal_data import all_declarations
from portal.personal_data.export import build_export_zip
from tenants.addresses import town_url

from ..audit import record_audit
from ..models import DataExport, Role, User

EXPORT_DAYS = 7
# A build that has not finished after this long died with its worker: it may be asked again.
STALE_AFTER = timedelta(hours=1)
# A download just made is not made again at once: a double click (or two tabs) right after
# the first build finished would otherwise build the same ZIP twice.
ASK_AGAIN_AFTER = timedelta(minutes=10)
# A ZIP larger than this is spooled to disk while it is built.
SPOOL_BYTES = 8 * 1024 * 1024


def export_in_progress_message() -> str:
    return _("Your data is already being prepared. Please wait until it is ready.")


def remove_expired_exports() -> int:
    """Expired downloads of the town go, their files once that has committed; how many."""
    expired = DataExport.objects.filter(expires_at__lte=timezone.now())
    names = list(expired.values_list("file", flat=True))
    count, _by_model = expired.delete()
    delete_files_on_commit(names)
    return count


@transaction.atomic
def request_data_export(*, user: User) -> DataExport:
    """Start building the person's ZIP in a task; refused while one is being built or one was
    made in the last minutes."""
    from portal.background import enqueue_on_commit

    from ..tasks import build_data_export_task

    # The row lock makes two requests at once wait for each other; the partial unique
    # constraint refuses a second building export even without it.
    User.objects.select_for_update().filter(pk=user.pk).first()
    now = timezone.now()
    DataExport.objects.filter(
        user=user, status=DataExport.Status.BUILDING, created_at__lt=now - STALE_AFTER
    ).update(
        status=DataExport.Status.FAILED,
        finished_at=now,
        expires_at=now + timedelta(days=EXPORT_DAYS),
    )
    if DataExport.objects.filter(user=user, status=DataExport.Status.BUILDING).exists():
        raise ValidationError(export_in_progress_message(), code="export_running")
    if DataExport.objects.filter(
        user=user,
        status=DataExport.Status.READY,
        created_at__gte=timezone.now() - ASK_AGAIN_AFTER,
    ).exists():
        raise ValidationError(
            _(
                "Your data was put together a few minutes ago: you can download it on this "
                "page. You can ask for a new download after %(minutes)d minutes."
            )
            % {"minutes": ASK_AGAIN_AFTER.seconds // 60},
            code="export_fresh",
        )
    remove_expired_exports()
    try:
        with transaction.atomic():
            export = DataExport.objects.create(user=user)
    except IntegrityError as exc:
        raise ValidationError(export_in_progress_message(), code="export_running") from exc
    record_audit(actor=user, action="data_export_requested", subject=user)
    enqueue_on_commit(build_data_export_task, str(export.public_id))
    return export


def build_data_export(*, export_id: str) -> DataExport | None:
    """Write the ZIP of a requested export (idempotent: a finished export stays as it is).

    The ZIP is built in a temporary file (on disk once large) and stored without any lock;
    the row is locked only to flip its status, and a build that lost the race drops its file."""
    export = DataExport.objects.select_related("user").filter(public_id=export_id).first()
    if export is None or export.status != DataExport.Status.BUILDING:
        return export
    with tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES) as handle:
        build_export_zip(export.user, handle)
        handle.seek(0)
        name = default_storage.save(private_name(f"exports/{uuid.uuid4().hex}.zip"), File(handle))
    try:
        with transaction.atomic():
            export = DataExport.objects.select_for_update().get(pk=export.pk)
            if export.status != DataExport.Status.BUILDING:
                default_storage.delete(name)
                return export
            export.file = name
            export.status = DataExport.Status.READY
            export.finished_at = timezone.now()
            export.expires_at = export.finished_at + timedelta(days=EXPORT_DAYS)
            export.save(update_fields=["file", "status", "finished_at", "expires_at"])
    except Exception:
        default_storage.delete(name)
        raise
    _tell_export_ready(export)
    return export


def _tell_export_ready(export: DataExport) -> None:
    # The answer to the person's own request: kind "account_data", always sent, in the inbox.
    user = export.user
    with translation.override(user.language or None):
        expires = date_format(timezone.localtime(export.expires_at), "SHORT_DATE_FORMAT")
    notify(
        user,
        "data_export_ready",
        context={"expires": expires, "link": town_url(reverse("accounts:my_data"))},
        kind="account_data",
    )


def _is_last_town_admin(user: User) -> bool:
    if Role.TOWN_ADMIN not in user.roles:
        return False
    # Locked so that two administrators deleting themselves at once cannot both pass.
    admins = list(
        User.objects.people()
        .select_for_update()
        .filter(roles__contains=[Role.TOWN_ADMIN], is_active=True, status=User.Status.ACTIVE)
        .values_list("pk", flat=True)
    )
    return [pk for pk in admins if pk != user.pk] == []


@transaction.atomic
def delete_account(*, user: User, password: str = "", by: User | None = None) -> None:
    """Erase or anonymise everything the town keeps of the person, app by app.

    The person deletes their own account with their password. A managed resident has none:
    `by`, a town administrator or a network manager holding their consent, deletes it for
    them, audited as done on their behalf (`portal.behalf.selectors.deletion_refusal`).
    Refused with the wrong password or without the right, and for the town's last active
    administrator (the town would have nobody left to run it); then nothing is changed."""
    if by is None:
        if not password or not user.check_password(password):
            raise ValidationError({"password": [_("The password is not correct.")]})
    else:
        # Locked, so that a consent revoked at this moment waits or comes first.
        list(valid_consents().select_for_update().filter(person=user))
        refusal = deletion_refusal(actor=by, person=user)
        if refusal is not None:
            raise PermissionDenied(refusal)
    if _is_last_town_admin(user):
        raise ValidationError(
            _(
                "You are the town's last administrator, so your account cannot be deleted. "
                "Please first make another person administrator in the console."
            ),
            code="last_admin",
        )
    erased = []
    for declaration in all_declarations():
        declaration.erase(user)
        erased.append(declaration.key)
    # No personal data in the log: only that an account was deleted and what was erased
    # (and, for a managed resident, who did it for the anonymised account).
    record_audit(
        actor=by,
        on_behalf_of=user if by else None,
        action="account_deleted",
        detail={"erased": erased},
    )


def mark_export_failed(*, export_id: str) -> None:
    """A build that raised: the person may ask again at once; the row goes with the
    cleanup like a finished export."""
    now = timezone.now()
    DataExport.objects.filter(public_id=export_id, status=DataExport.Status.BUILDING).update(
        status=DataExport.Status.FAILED,
        finished_at=now,
        expires_at=now + timedelta(days=EXPORT_DAYS),
    )
