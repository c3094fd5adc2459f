"""Every model of a town that refers to a person is exported and erased, or excluded with a
reason: a new foreign key to the user model fails here until its app declares it."""

from __future__ import annotations

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models

from portal.personal_data import all_declarations


def _foreign_keys_to_users() -> set[str]:
    user_model = get_user_model()
    found = set()
    for app_name in settings.TENANT_APPS:
        config = next(c for c in apps.get_app_configs() if c.name == app_name)
        for model in config.get_models(include_auto_created=True):
            if model._meta.proxy:
                continue
            for field in model._meta.get_fields(include_hidden=True):
                if (
                    isinstance(field, models.ForeignKey | models.OneToOneField)
                    and field.concrete
                    and field.related_model is user_model
                ):
                    found.add(f"{model._meta.label}.{field.name}")
    return found


def test_every_reference_to_a_person_is_declared() -> None:
    # given every foreign key to the user model in the town's apps
    references = _foreign_keys_to_users()
    # when compared with what the apps declare
    declared: set[str] = set()
    for declaration in all_declarations():
        declared |= set(declaration.covers) | set(declaration.excluded)
    # then none is left out, and no declaration names a field that does not exist
    assert not references - declared, (
        "Not exported/erased nor excluded with a reason: "
        f"{sorted(references - declared)} (declare it in the app's PersonalData)"
    )
    assert not declared - references, f"Declared but no such field: {sorted(declared - references)}"
    assert len(references) > 20  # the walk really found the apps' models


def test_every_exclusion_gives_a_reason() -> None:
    for declaration in all_declarations():
        for field, reason in declaration.excluded.items():
            assert len(reason.split()) >= 4, f"{declaration.key}: {field} needs a real reason"


def test_the_account_row_is_anonymised_last() -> None:
    keys = [declaration.key for declaration in all_declarations()]
    assert keys[-1] == "accounts" and keys.index("ledger") > keys.index("exchange")
    assert {"accounts", "behalf", "moderation", "directory", "info", "exchange", "ledger"} <= set(
        keys
    )


# JSON fields of the town's apps known to hold personal data, with the keys that do: a new
# JSON field fails here until it is listed (and its personal keys are erased).
PERSONAL_JSON_FIELDS = {
    "accounts.AuditEntry.detail": ("email", "reason", "note", "name"),
    # Time windows (two timestamps each) and fee rules (amounts): nothing about a person.
    "shop.Order.windows": (),
    "shop.Order.fee_rule": (),
    "shop.ShopSettings.fee_rule": (),
    # A fee invoice's lines (ledger key, order number, offer title, cents): the business's
    # fees, no resident named (order numbers are not people).
    "shop.ProviderInvoice.lines": (),
    # A round's count per ballot number: figures of the vote, nothing about a person.
    "fund.Round.counts": (),
    # A ride service's driving hours (weekday, start, end): about the service, not a person.
    "volunteer.Service.operating_hours": (),
}


def _json_fields() -> set[str]:
    found = set()
    for app_name in settings.TENANT_APPS:
        config = next(c for c in apps.get_app_configs() if c.name == app_name)
        for model in config.get_models():
            for field in model._meta.get_fields():
                if isinstance(field, models.JSONField):
                    found.add(f"{model._meta.label}.{field.name}")
    return found


def test_every_json_field_is_known() -> None:
    assert _json_fields() == set(PERSONAL_JSON_FIELDS)


def test_erasure_removes_personal_keys_from_audit_details(in_town_a) -> None:
    from portal.accounts.audit import record_audit
    from portal.accounts.models import AuditEntry
    from portal.accounts.personal_data import AUDIT_PERSONAL_KEYS
    from tests.factories import UserFactory

    # given audit entries about Paula (as subject, acted for, named as payee) and about Otto
    paula, otto, helper = UserFactory(), UserFactory(), UserFactory(moderator=True)
    personal = {key: f"Paulas {key}" for key in PERSONAL_JSON_FIELDS["accounts.AuditEntry.detail"]}
    record_audit(actor=helper, subject=paula, action="behalf_resident_invited", detail=personal)
    record_audit(actor=helper, on_behalf_of=paula, action="x_for", detail={**personal, "n": 1})
    record_audit(
        actor=helper,
        action="exchange_transfer_recorded",
        detail={"to": str(paula.public_id), "reason": "Paula half beim Umzug", "minutes": 60},
    )
    record_audit(actor=helper, subject=otto, action="other", detail={"email": "otto@x.org"})
    # when Paula's data is erased
    for declaration in all_declarations():
        declaration.erase(paula)
    # then no detail holds her personal keys, the rest of each entry stays, Otto's are untouched
    assert set(PERSONAL_JSON_FIELDS["accounts.AuditEntry.detail"]) <= set(AUDIT_PERSONAL_KEYS)
    details = {entry.action: entry.detail for entry in AuditEntry.objects.all()}
    assert details["behalf_resident_invited"] == {}
    assert details["x_for"] == {"n": 1}
    assert details["exchange_transfer_recorded"]["minutes"] == 60
    assert "reason" not in details["exchange_transfer_recorded"]
    assert details["other"] == {"email": "otto@x.org"}
