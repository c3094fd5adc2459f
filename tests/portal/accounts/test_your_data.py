"""Download my data and delete my account: what is in the ZIP, what is erased, what stays."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db.models import Sum
from django.utils import timezone
from django_tenants.utils import tenant_context

from billing.ledger.models import Account, Entry, OwnerKind
from modules.directory.models import Representative
from modules.exchange.models import Listing, ListingPhoto, Message, TimeAccount
from modules.exchange.services.timebank import confirm_transfer, propose_transfer
from modules.info.models import Menu
from portal.accounts.models import AuditEntry, DataExport, Role, User
from portal.accounts.services import delete_account, request_data_export
from portal.files import private_name
from portal.moderation.models import Report
from tests.factories import PASSWORD, UserFactory
from tests.factories.directory import OrganisationFactory, RepresentativeFactory
from tests.factories.exchange import (
    ListingFactory,
    MessageFactory,
    ReportFactory,
    ThreadFactory,
    image_bytes,
)
from tests.factories.info import MenuFactory

pytestmark = pytest.mark.django_db


def _paula_with_everything() -> tuple[User, User, User]:
    """Paula has a listing with a photo, a message in Otto's thread, an hour given to Bert,
    a lunch menu, a representation and a report; Otto and Bert are other residents."""
    paula = UserFactory(email="paula@example.org", full_name="Paula Privat", phone="0711 99")
    otto = UserFactory(email="otto@example.org", full_name="Otto Other")
    bert = UserFactory(email="bert@example.org", full_name="Bert Bank")
    listing = ListingFactory(owner=paula, title="Paulas Nähmaschine")
    name = default_storage.save(
        private_name("exchange/photos/paula.jpg"), ContentFile(image_bytes())
    )
    ListingPhoto.objects.create(listing=listing, image=name, width=64, height=48)
    ThreadFactory(listing=listing, interested=otto)
    others = ListingFactory(owner=otto, title="Ottos Rasenmäher")
    MessageFactory(thread=ThreadFactory(listing=others, interested=paula), body="Paulas Frage")
    transfer = propose_transfer(
        proposer=paula, payer=paula, payee=bert, minutes=60, note="Paula dankt"
    )
    confirm_transfer(transfer=transfer, by=bert)
    MenuFactory(provider=paula, restaurant="Paulas Stube")
    RepresentativeFactory(user=paula, organisation=OrganisationFactory(name="Paulas Chor"))
    ReportFactory(reporter=paula, target=others, reason="Paula meldet")
    return paula, otto, bert


def _zip_of(response) -> zipfile.ZipFile:  # type: ignore[no-untyped-def]
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def test_the_export_holds_the_persons_data_and_files_only(
    client_a, in_town_a, django_capture_on_commit_callbacks
) -> None:
    # given Paula with data in every module, and Otto with his own
    paula, _otto, _bert = _paula_with_everything()
    client_a.force_login(paula)
    # when she asks for her data and the task has built it
    with django_capture_on_commit_callbacks(execute=True):
        response = client_a.post("/accounts/my-data/")
    assert response.status_code == 302
    export = DataExport.objects.get(user=paula)
    assert export.status == DataExport.Status.READY
    page = client_a.get("/accounts/my-data/").content.decode()
    assert f"/accounts/my-data/{export.public_id}/download/" in page
    download = client_a.get(f"/accounts/my-data/{export.public_id}/download/")
    # then the ZIP has a JSON file per part and her photo, and nothing of Otto's
    assert download.status_code == 200 and download["Cache-Control"] == "private, no-store"
    archive = _zip_of(download)
    names = archive.namelist()
    for key in ("accounts", "behalf", "moderation", "directory", "info", "exchange", "ledger"):
        assert f"{key}.json" in names
    assert any(n.startswith("files/exchange/") and n.endswith(".jpg") for n in names)
    parts = {n: json.loads(archive.read(n)) for n in names if n.endswith(".json")}
    assert parts["accounts.json"]["profile"]["email"] == "paula@example.org"
    assert parts["exchange.json"]["listings"][0]["title"] == "Paulas Nähmaschine"
    assert parts["exchange.json"]["messages_written"][0]["body"] == "Paulas Frage"
    assert parts["exchange.json"]["time_transfers"][0]["direction"] == "given"
    assert parts["info.json"]["menus"][0]["restaurant"] == "Paulas Stube"
    assert parts["directory.json"]["representing"][0]["organisation__name"] == "Paulas Chor"
    assert parts["moderation.json"]["reports_filed"][0]["reason"] == "Paula meldet"
    assert parts["ledger.json"]["accounts"][0]["balance"] == -60
    everything = b"".join(archive.read(n) for n in names)
    for other in ("otto@example.org", "Otto Other", "Rasenmäher", "bert@example.org"):
        assert other.encode() not in everything


def test_a_second_request_while_one_is_built_starts_nothing(client_a, in_town_a) -> None:
    # given an export being built (its task not run yet)
    paula = UserFactory()
    first = request_data_export(user=paula)
    # when she asks again, by service and by page
    with pytest.raises(ValidationError, match="already being prepared"):
        request_data_export(user=paula)
    client_a.force_login(paula)
    response = client_a.post("/accounts/my-data/", follow=True)
    # then she is told so, and there is still one export
    assert "already being prepared" in response.content.decode()
    assert list(DataExport.objects.filter(user=paula)) == [first]


def test_a_download_just_made_is_not_made_again_at_once(in_town_a) -> None:
    # given an export that was built a moment ago
    paula = UserFactory()
    first = request_data_export(user=paula)
    DataExport.objects.filter(pk=first.pk).update(status=DataExport.Status.READY)
    # when she asks again at once, she is pointed to it and nothing new is built
    with pytest.raises(ValidationError, match="a few minutes ago"):
        request_data_export(user=paula)
    assert DataExport.objects.filter(user=paula).count() == 1
    # and after ten minutes she may ask for a new one
    DataExport.objects.filter(pk=first.pk).update(created_at=timezone.now() - timedelta(minutes=11))
    assert request_data_export(user=paula) != first


def test_a_stale_build_may_be_asked_again(in_town_a) -> None:
    paula = UserFactory()
    stale = request_data_export(user=paula)
    DataExport.objects.filter(pk=stale.pk).update(created_at=timezone.now() - timedelta(hours=2))
    fresh = request_data_export(user=paula)
    assert fresh != stale
    assert DataExport.objects.get(pk=stale.pk).status == DataExport.Status.FAILED


def test_only_the_person_downloads_their_export_until_it_expires(
    client_a, client_b, in_town_a, django_capture_on_commit_callbacks
) -> None:
    paula = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        export = request_data_export(user=paula)
    url = f"/accounts/my-data/{export.public_id}/download/"
    # an anonymous visitor is asked to log in, another resident gets a 404
    assert client_a.get(url).status_code == 302
    client_a.force_login(UserFactory())
    assert client_a.get(url).status_code == 404
    # the owner gets it, until it expires
    client_a.force_login(paula)
    assert client_a.get(url).status_code == 200
    DataExport.objects.filter(pk=export.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert client_a.get(url).status_code == 404


def test_an_export_of_town_a_is_not_found_in_town_b(
    client_b, town_b, in_town_a, django_capture_on_commit_callbacks
) -> None:
    paula = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        export = request_data_export(user=paula)
    with tenant_context(town_b):
        client_b.force_login(UserFactory(email="someone-in-b@example.org"))
    assert client_b.get(f"/accounts/my-data/{export.public_id}/download/").status_code == 404


def _balances() -> dict[int, int]:
    return dict(Entry.objects.values_list("account_id").annotate(total=Sum("amount")))


def test_deleting_the_account_erases_and_anonymises_and_keeps_the_ledger_balanced(
    client_a, in_town_a, django_capture_on_commit_callbacks
) -> None:
    # given Paula with data everywhere and the ledger's balances
    paula, otto, bert = _paula_with_everything()
    photo_name = str(ListingPhoto.objects.get(listing__owner=paula).image.name)
    balances_before = _balances()
    her_account = TimeAccount.objects.get(owner=paula).ledger_account_id
    client_a.force_login(paula)
    # when she deletes her account with her password
    with django_capture_on_commit_callbacks(execute=True):
        response = client_a.post(
            "/accounts/delete/", {"password": PASSWORD, "confirm": "on"}, follow=True
        )
    # then she is logged out and told so
    assert "Your account and your data have been deleted." in response.content.decode()
    assert "_auth_user_id" not in client_a.session
    # and nothing personal is left on her account row
    gone = User.objects.get(pk=paula.pk)
    assert gone.email.startswith("deleted-") and gone.email.endswith("@deleted.invalid")
    assert (gone.full_name, gone.phone, gone.roles, gone.is_active) == (
        "Deleted account",
        "",
        [],
        False,
    )
    assert gone.public_id != paula.public_id and not gone.has_usable_password()
    # her listings, photo files, menus, representations and reports are gone
    assert not Listing.objects.filter(owner=paula).exists()
    assert not default_storage.exists(photo_name)
    assert not Menu.objects.filter(provider=paula).exists()
    assert not Representative.objects.filter(user=paula).exists()
    assert not Report.objects.filter(reporter=paula).exists()
    # her message in Otto's thread stays for him, without its text
    message = Message.objects.get(author=paula)
    assert "Paulas Frage" not in message.body and "deleted" in message.body
    assert Listing.objects.filter(owner=otto).exists()
    # the ledger: same balances, balanced per unit, her account held anonymously
    assert _balances() == balances_before
    for unit in ("minutes", "eur_cents"):
        total = Entry.objects.filter(account__unit=unit).aggregate(t=Sum("amount"))["t"]
        assert (total or 0) == 0
    account = Account.objects.get(pk=her_account)
    assert account.owner_kind == OwnerKind.ANONYMOUS
    assert account.owner_key != str(paula.public_id)
    # she can no longer log in
    client_a.logout()
    login = client_a.post(
        "/accounts/login/", {"username": "paula@example.org", "password": PASSWORD}
    )
    assert login.status_code == 200 and "_auth_user_id" not in client_a.session
    # and the log says an account was deleted, naming no one
    entry = AuditEntry.objects.get(action="account_deleted")
    assert entry.actor is None and entry.subject is None
    assert "paula" not in json.dumps(entry.detail).lower()
    assert bert.pk and otto.pk  # the others' accounts are untouched
    assert User.objects.get(pk=bert.pk).email == "bert@example.org"


def test_a_wrong_password_deletes_nothing(client_a, in_town_a) -> None:
    paula = UserFactory(email="paula@example.org")
    ListingFactory(owner=paula)
    client_a.force_login(paula)
    response = client_a.post("/accounts/delete/", {"password": "wrong", "confirm": "on"})
    assert response.status_code == 200
    assert "The password is not correct." in response.content.decode()
    assert User.objects.get(pk=paula.pk).email == "paula@example.org"
    assert Listing.objects.filter(owner=paula).exists()
    assert not AuditEntry.objects.filter(action="account_deleted").exists()


def test_without_the_confirmation_box_nothing_is_deleted(client_a, in_town_a) -> None:
    paula = UserFactory(email="paula@example.org")
    client_a.force_login(paula)
    response = client_a.post("/accounts/delete/", {"password": PASSWORD})
    assert "Please tick the box to confirm." in response.content.decode()
    assert User.objects.get(pk=paula.pk).is_active


def test_the_last_administrator_cannot_delete_their_account(client_a, in_town_a) -> None:
    # given the town's only active administrator (the provisioned one is made inactive here)
    User.objects.filter(roles__contains=[Role.TOWN_ADMIN]).update(is_active=False)
    admin = UserFactory(town_admin=True, email="ada@example.org")
    client_a.force_login(admin)
    # when they try to delete their account
    response = client_a.post("/accounts/delete/", {"password": PASSWORD, "confirm": "on"})
    # then they are told why, and nothing changed
    assert "last administrator" in response.content.decode()
    refreshed = User.objects.get(pk=admin.pk)
    assert refreshed.email == "ada@example.org" and refreshed.is_active
    assert not AuditEntry.objects.filter(action="account_deleted").exists()


def test_an_administrator_with_a_colleague_may_delete_their_account(in_town_a) -> None:
    User.objects.filter(roles__contains=[Role.TOWN_ADMIN]).update(is_active=False)
    admin = UserFactory(town_admin=True)
    UserFactory(town_admin=True)
    delete_account(user=admin, password=PASSWORD)
    assert not User.objects.get(pk=admin.pk).is_active


def test_the_cleanup_task_removes_expired_exports_and_their_files(
    in_town_a, django_capture_on_commit_callbacks
) -> None:
    from portal.accounts.tasks import remove_expired_exports_task

    # given an expired and a current export
    with django_capture_on_commit_callbacks(execute=True):
        old = request_data_export(user=UserFactory())
        current = request_data_export(user=UserFactory())
    old.refresh_from_db()
    DataExport.objects.filter(pk=old.pk).update(expires_at=timezone.now() - timedelta(days=1))
    assert default_storage.exists(old.file)
    # when the town's cleanup runs (twice: a retry changes nothing)
    with django_capture_on_commit_callbacks(execute=True):
        assert remove_expired_exports_task.apply().get() == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert remove_expired_exports_task.apply().get() == 0
    # then the expired one and its file are gone, the current one stays
    assert not DataExport.objects.filter(pk=old.pk).exists()
    assert not default_storage.exists(old.file)
    assert DataExport.objects.filter(pk=current.pk).exists()


def test_beat_runs_the_cleanup_in_every_town() -> None:
    from portal.celery import app

    app.loader.import_default_modules()
    entry = app.conf.beat_schedule["accounts: remove expired data exports"]
    # the platform's one way: declared in the registry, fanned out by the shared beat entry
    assert entry["task"] == "portal.run_platform_task_in_towns"
    assert list(entry["args"]) == ["accounts.remove_expired_exports"]


def test_acting_on_behalf_is_exported_and_erased(in_town_a) -> None:
    from portal.behalf.models import Consent, ManagedResident
    from portal.behalf.scopes import consent_scopes
    from portal.behalf.services import create_managed_resident, record_consent
    from portal.personal_data.export import build_export_zip

    # given a managed resident with an address and a consent, and a helper named in another
    moderator = UserFactory(moderator=True)
    helped = create_managed_resident(
        created_by=moderator, full_name="Hanna Hilfe", address="Lindenweg 3"
    )
    record_consent(
        recorded_by=moderator,
        person=helped,
        scopes=[consent_scopes()[0].key],
        given_how=Consent.Given.IN_PERSON,
    )
    helper = UserFactory(moderator=True, email="helfer@example.org")
    other = record_consent(
        recorded_by=moderator,
        person=UserFactory(),
        helper=helper,
        scopes=[consent_scopes()[0].key],
        given_how=Consent.Given.PHONE,
    )
    # then the managed resident's export holds the address and the consent
    buffer = io.BytesIO()
    build_export_zip(helped, buffer)
    archive = zipfile.ZipFile(buffer)
    behalf = json.loads(archive.read("behalf.json"))
    assert behalf["managed_profile"]["address"] == "Lindenweg 3"
    assert len(behalf["consents_given"]) == 1
    # when both leave (a managed resident has no password: the network manager's service
    # is not this page, so the erasers are called directly here)
    from portal.personal_data import all_declarations

    for person in (helped, helper):
        for declaration in all_declarations():
            declaration.erase(person)
    # then the address and the consent are gone, and the helper may act for no one
    assert not ManagedResident.objects.filter(user=helped).exists()
    assert not Consent.objects.filter(person=helped).exists()
    other.refresh_from_db()
    assert other.revoked_at is not None


def test_a_failed_export_expires_and_goes_with_the_cleanup(in_town_a) -> None:
    from portal.accounts.services.your_data import mark_export_failed, remove_expired_exports

    # given an export whose build failed
    export = request_data_export(user=UserFactory())
    mark_export_failed(export_id=str(export.public_id))
    export.refresh_from_db()
    # then it has an expiry like a finished one, and the cleanup removes it once that is past
    assert export.status == DataExport.Status.FAILED and export.expires_at is not None
    assert export.expires_at > timezone.now()
    DataExport.objects.filter(pk=export.pk).update(expires_at=timezone.now() - timedelta(days=1))
    assert remove_expired_exports() == 1
    assert not DataExport.objects.filter(pk=export.pk).exists()


def test_a_stale_build_marked_failed_expires_too(in_town_a) -> None:
    paula = UserFactory()
    stale = request_data_export(user=paula)
    DataExport.objects.filter(pk=stale.pk).update(created_at=timezone.now() - timedelta(hours=2))
    request_data_export(user=paula)
    stale.refresh_from_db()
    assert stale.status == DataExport.Status.FAILED and stale.expires_at is not None


def test_the_zip_is_written_into_a_file_and_a_finished_export_is_not_built_again(
    in_town_a, tmp_path
) -> None:
    from portal.accounts.services.your_data import build_data_export
    from portal.personal_data.export import build_export_zip

    # given Paula's data, written into a file on disk
    paula, _otto, _bert = _paula_with_everything()
    with open(tmp_path / "export.zip", "w+b") as handle:
        build_export_zip(paula, handle)
        handle.seek(0)
        assert "exchange.json" in zipfile.ZipFile(handle).namelist()
    # when her export is built twice (a retried task)
    export = request_data_export(user=paula)
    first = build_data_export(export_id=str(export.public_id))
    again = build_data_export(export_id=str(export.public_id))
    # then it is ready once, with its file stored
    assert first is not None and again is not None
    assert first.status == DataExport.Status.READY and again.file == first.file
    assert default_storage.exists(first.file)
