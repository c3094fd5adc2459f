"""A person's own data: download it ("Meine Daten herunterladen") and delete the account
("Mein Konto löschen"), both through the personal-data declarations of every app."""

from __future__ import annotations

import tempfile
import uuid
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.files import delete_files_on_commit, private_name
from portal.personal_data import all_declarations
from portal.personal_data.export import build_export_zip

from ..audit import record_audit
from ..models import DataExport, Role, User

EXPORT_DAYS = 7
# A build that has not finished after this long died with its worker: it may be asked again.
STALE_AFTER = timedelta(hours=1)
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
    """Start building the person's ZIP in a task; refused while one is being built."""
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
    return export


def _is_last_town_admin(user: User) -> bool:
    if Role.TOWN_ADMIN not in user.roles:
        return False
    # Locked so that two administrators deleting themselves at once cannot both pass.
    admins = list(
        User.objects.select_for_update()
        .filter(roles__contains=[Role.TOWN_ADMIN], is_active=True, status=User.Status.ACTIVE)
        .values_list("pk", flat=True)
    )
    return [pk for pk in admins if pk != user.pk] == []


@transaction.atomic
def delete_account(*, user: User, password: str) -> None:
    """Erase or anonymise everything the town keeps of the person, app by app.

    Refused with the wrong password, and for the town's last active administrator (the town
    would have nobody left to run it); then nothing is changed."""
    if not password or not user.check_password(password):
        raise ValidationError({"password": [_("The password is not correct.")]})
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
    # No personal data in the log: only that an account was deleted and what was erased.
    record_audit(actor=None, action="account_deleted", detail={"erased": erased})


def mark_export_failed(*, export_id: str) -> None:
    """A build that raised: the person may ask again at once; the row goes with the
    cleanup like a finished export."""
    now = timezone.now()
    DataExport.objects.filter(public_id=export_id, status=DataExport.Status.BUILDING).update(
        status=DataExport.Status.FAILED,
        finished_at=now,
        expires_at=now + timedelta(days=EXPORT_DAYS),
    )
