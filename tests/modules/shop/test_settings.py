"""The town's shop settings: the fee rule (for new requests only), the answer time, approval
of new businesses, and the categories; administrators only, audited, every problem at once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from billing.fees.rules import FeeRule
from modules.shop import services
from modules.shop.models import Category, Order, Provider, ShopSettings
from modules.shop.selectors_settings import open_categories
from modules.shop.services.orders import accept_order, complete_order, confirm_order
from modules.shop.services.settings import create_category, update_category, update_shop_settings
from portal.accounts.models import AuditEntry, Role
from tests.factories import UserFactory
from tests.factories.shop import OfferFactory, make_order, soon

FLAT = {"fee_kind": "flat", "fee_due": "completion", "flat_cents": 300}
RULES = {"request_expiry_hours": 24, "providers_need_approval": True}
FORM = {
    "fee_kind": "percentage",
    "fee_due": "confirmation",
    "flat_euros": "",
    "percent": "3.5",
    "minimum_euros": "1.00",
    "maximum_euros": "25.00",
    "request_expiry_hours": "72",
    "providers_need_approval": "on",
}


@pytest.fixture
def admin(in_town_a):
    return UserFactory(town_admin=True, email="admin@example.org")


def test_an_administrator_sets_a_percentage_fee_and_it_is_audited(admin):
    # when
    row = update_shop_settings(
        by=admin,
        fee_kind="percentage",
        fee_due="confirmation",
        basis_points=350,
        minimum_cents=100,
        maximum_cents=2500,
        request_expiry_hours=72,
        providers_need_approval=False,
    )
    # then
    stored = ShopSettings.current()
    assert stored.pk == row.pk
    assert stored.rule() == FeeRule(
        kind="percentage",
        due="confirmation",
        basis_points=350,
        minimum_cents=100,
        maximum_cents=2500,
    )
    assert (stored.request_expiry_hours, stored.providers_need_approval) == (72, False)
    entry = AuditEntry.objects.get(action="shop_settings_changed")
    assert entry.actor == admin
    assert entry.detail["after"]["fee_rule"]["basis_points"] == 350
    assert entry.detail["before"]["fee_rule"]["flat_cents"] == 200


def test_the_amounts_a_flat_rule_does_not_use_are_ignored(admin):
    update_shop_settings(by=admin, **FLAT, basis_points=99999, minimum_cents=-5, **RULES)
    assert ShopSettings.current().rule() == FeeRule(kind="flat", due="completion", flat_cents=300)


@pytest.mark.parametrize(
    ("rule", "field"),
    [
        ({"fee_kind": "flat", "flat_cents": -100}, "flat_cents"),
        ({"fee_kind": "flat", "flat_cents": 0}, "flat_cents"),
        ({"fee_kind": "flat", "flat_cents": None}, "flat_cents"),
        ({"fee_kind": "flat", "flat_cents": 1_000_001}, "flat_cents"),
        ({"fee_kind": "percentage", "basis_points": 5001}, "basis_points"),
        ({"fee_kind": "percentage", "basis_points": -1}, "basis_points"),
        ({"fee_kind": "percentage", "basis_points": 0}, "basis_points"),
        ({"fee_kind": "percentage", "basis_points": None}, "basis_points"),
        ({"fee_kind": "percentage", "basis_points": 300, "minimum_cents": -1}, "minimum_cents"),
        ({"fee_kind": "percentage", "basis_points": 300, "maximum_cents": 0}, "maximum_cents"),
        (
            {"fee_kind": "percentage", "basis_points": 300, "maximum_cents": 1_000_001},
            "maximum_cents",
        ),
        (
            {
                "fee_kind": "percentage",
                "basis_points": 300,
                "minimum_cents": 900,
                "maximum_cents": 800,
            },
            "minimum_cents",
        ),
        ({"fee_kind": "share"}, "fee_kind"),
        ({"fee_kind": "flat", "flat_cents": 100, "fee_due": "never"}, "fee_due"),
    ],
)
def test_bad_fee_rules_are_refused_and_nothing_changes(admin, rule, field):
    before = ShopSettings.current().fee_rule
    with pytest.raises(ValidationError) as refused:
        update_shop_settings(by=admin, **{"fee_due": "completion", **rule}, **RULES)
    assert field in refused.value.message_dict
    assert ShopSettings.current().fee_rule == before
    assert not AuditEntry.objects.filter(action="shop_settings_changed").exists()


def test_every_problem_is_reported_at_once(admin):
    with pytest.raises(ValidationError) as refused:
        update_shop_settings(
            by=admin,
            fee_kind="percentage",
            fee_due="sometime",
            basis_points=9000,
            minimum_cents=-3,
            maximum_cents=2_000_000,
            request_expiry_hours=337,
            providers_need_approval=True,
        )
    assert set(refused.value.message_dict) == {
        "fee_due",
        "basis_points",
        "minimum_cents",
        "maximum_cents",
        "request_expiry_hours",
    }


@pytest.mark.parametrize("hours", [0, 337, -1, "48", True, None])
def test_the_answer_time_is_one_hour_to_two_weeks(admin, hours):
    with pytest.raises(ValidationError) as refused:
        update_shop_settings(
            by=admin, **FLAT, request_expiry_hours=hours, providers_need_approval=True
        )
    assert "request_expiry_hours" in refused.value.message_dict
    for hours_ok in (1, 336):
        update_shop_settings(
            by=admin, **FLAT, request_expiry_hours=hours_ok, providers_need_approval=True
        )
        assert ShopSettings.current().request_expiry_hours == hours_ok


@pytest.mark.parametrize(
    "role", [[Role.RESIDENT], [Role.RESIDENT, Role.MODERATOR], [Role.PROVIDER]]
)
def test_only_town_administrators_change_the_rules(in_town_a, role):
    someone = UserFactory(roles=role)
    with pytest.raises(PermissionDenied):
        update_shop_settings(by=someone, **FLAT, **RULES)
    with pytest.raises(PermissionDenied):
        create_category(by=someone, name="Neu")
    assert ShopSettings.objects.count() == 0


def test_an_open_order_keeps_its_fee_rule_and_a_new_request_gets_the_new_one(admin):
    # given an order requested under the default rule (2.00 EUR at completion)
    owner = UserFactory(provider=True)
    offer = OfferFactory(provider__owner=owner)
    resident = UserFactory()
    old = make_order(offer=offer, resident=resident)
    # when the town switches to a percentage due at confirmation
    update_shop_settings(
        by=admin,
        fee_kind="percentage",
        fee_due="confirmation",
        basis_points=1000,
        minimum_cents=50,
        request_expiry_hours=12,
        providers_need_approval=True,
    )
    new = make_order(offer=offer, resident=resident)
    # then the open order keeps its rule (and its expiry), the new one has the new rule
    old.refresh_from_db()
    assert FeeRule.from_dict(old.fee_rule) == FeeRule(kind="flat", due="completion", flat_cents=200)
    assert FeeRule.from_dict(new.fee_rule).basis_points == 1000
    assert new.expires_at - new.requested_at == timedelta(hours=12)
    assert old.expires_at - old.requested_at == timedelta(hours=48)
    # and the old order pays the old fee when it completes
    window = soon()
    accept_order(order=old, by=owner, start=window["start"], end=window["end"])
    confirm_order(order=old, by=resident)
    from billing.fees.selectors import fund_balance

    assert fund_balance() == 0  # nothing at confirmation under the old rule
    complete_order(order=old, by=owner)
    assert fund_balance() == 200


def test_businesses_are_public_at_once_when_the_town_needs_no_approval(admin):
    update_shop_settings(by=admin, **FLAT, request_expiry_hours=48, providers_need_approval=False)
    owner = UserFactory(provider=True)
    provider = services.create_provider(
        created_by=owner,
        fields={
            "name": "Sofort Sichtbar",
            "trade": "craft",
            "description": "Gleich da.",
            "request_email": "a@sofort.example",
        },
    )
    assert provider.status == Provider.Status.APPROVED
    assert provider.approved_at is not None
    entry = AuditEntry.objects.get(action="shop_provider_approved_at_once")
    assert entry.actor == owner


def test_businesses_wait_for_approval_by_default(in_town_a):
    owner = UserFactory(provider=True)
    provider = services.create_provider(
        created_by=owner,
        fields={
            "name": "Wartet",
            "trade": "craft",
            "description": "x",
            "request_email": "a@w.example",
        },
    )
    assert provider.status == Provider.Status.PENDING
    assert not AuditEntry.objects.filter(action="shop_provider_approved_at_once").exists()


# --- categories -----------------------------------------------------------------------------


def test_categories_are_added_renamed_moved_and_retired(admin):
    # add
    added = create_category(by=admin, name="  Tiere und Haustiere ")
    assert added.name == "Tiere und Haustiere"
    assert added.slug == "tiere-und-haustiere"
    assert added.position == 9  # after the nine defaults (0..8)
    # rename and move to the front
    update_category(by=admin, category=added, name="Haustiere", position=0, is_active=True)
    first_two = list(open_categories().values_list("name", flat=True))[:2]
    assert first_two == ["Haus und Handwerk", "Haustiere"]  # position 0, then by name
    # retire: keeps its offers, is no longer open for new ones
    offer = OfferFactory(category=added)
    update_category(by=admin, category=added, name="Haustiere", position=0, is_active=False)
    added.refresh_from_db()
    assert not added.is_active and added.slug == "tiere-und-haustiere"
    assert added not in open_categories()
    assert offer.category_id == added.pk and Category.objects.get(pk=added.pk).offers.count() == 1
    actions = list(AuditEntry.objects.values_list("action", flat=True))
    assert actions.count("shop_category_changed") == 2
    assert actions.count("shop_category_created") == 1


@pytest.mark.parametrize(
    ("name", "position", "field"),
    [
        ("", 1, "name"),
        ("   ", 1, "name"),
        ("x" * 81, 1, "name"),
        ("Reinigung", 1, "name"),  # taken (a default)
        ("reinigung", 1, "name"),  # taken, whatever the case
        ("Gut\x00", 1, "name"),
        ("Neu", -1, "position"),
        ("Neu", 1001, "position"),
    ],
)
def test_bad_categories_are_refused(admin, name, position, field):
    count = Category.objects.count()
    with pytest.raises(ValidationError) as refused:
        create_category(by=admin, name=name, position=position)
    assert field in refused.value.message_dict
    assert Category.objects.count() == count


def test_a_category_keeps_its_name_when_renamed_to_itself(admin):
    cleaning = Category.objects.get(slug="reinigung")
    update_category(by=admin, category=cleaning, name="Reinigung", position=5, is_active=True)
    cleaning.refresh_from_db()
    assert cleaning.position == 5


def test_markup_in_a_category_name_is_shown_as_text(admin, client_a):
    create_category(by=admin, name="<script>alert(1)</script>")
    client_a.force_login(admin)
    html = client_a.get("/shop/settings/categories/").content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


# --- pages ----------------------------------------------------------------------------------


def test_the_settings_page_saves_a_percentage_fee(admin, client_a):
    client_a.force_login(admin)
    page = client_a.get("/shop/settings/")
    assert page.status_code == 200
    assert "2.00" in page.content.decode()  # the default flat fee, in euros
    response = client_a.post("/shop/settings/", FORM)
    assert response.status_code == 302, response.content.decode()
    rule = ShopSettings.current().rule()
    assert (rule.kind, rule.basis_points, rule.minimum_cents, rule.maximum_cents) == (
        "percentage",
        350,
        100,
        2500,
    )
    assert ShopSettings.current().request_expiry_hours == 72
    after = client_a.get("/shop/settings/").content.decode()
    assert "3.50 % of the order value, at least 1.00" in after


def test_the_settings_page_shows_every_problem_next_to_its_field(admin, client_a):
    client_a.force_login(admin)
    bad = {**FORM, "percent": "60", "minimum_euros": "-1", "request_expiry_hours": "400"}
    response = client_a.post("/shop/settings/", bad)
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_percent_error"' in html
    assert 'id="id_minimum_euros_error"' in html
    assert 'id="id_request_expiry_hours_error"' in html
    assert ShopSettings.objects.count() == 0


def test_the_settings_page_refuses_residents_and_lets_moderators_only_read(client_a, in_town_a):
    resident = UserFactory()
    client_a.force_login(resident)
    assert client_a.get("/shop/settings/").status_code == 403
    assert client_a.post("/shop/settings/", FORM).status_code == 403
    assert client_a.post("/shop/settings/categories/new/", {"new-name": "X"}).status_code == 403
    moderator = UserFactory(moderator=True)
    client_a.force_login(moderator)
    page = client_a.get("/shop/settings/")
    assert page.status_code == 200
    assert "<form" not in page.content.decode().split("<main", 1)[-1].split("</main>")[0] or (
        'name="fee_kind"' not in page.content.decode()
    )
    assert client_a.post("/shop/settings/", FORM).status_code == 403
    assert client_a.post("/shop/settings/categories/new/", {"new-name": "X"}).status_code == 403
    assert ShopSettings.objects.count() == 0
    assert not Category.objects.filter(name="X").exists()


def test_the_categories_page_adds_and_retires(admin, client_a):
    client_a.force_login(admin)
    assert client_a.get("/shop/settings/categories/").status_code == 200
    response = client_a.post(
        "/shop/settings/categories/new/", {"new-name": "Tiere", "new-position": ""}
    )
    assert response.status_code == 302
    tiere = Category.objects.get(name="Tiere")
    response = client_a.post(
        f"/shop/settings/categories/{tiere.slug}/",
        {f"{tiere.slug}-name": "Tiere", f"{tiere.slug}-position": "3"},
    )
    assert response.status_code == 302
    tiere.refresh_from_db()
    assert (tiere.position, tiere.is_active) == (3, False)
    # a bad name: told, nothing changes
    client_a.post(
        f"/shop/settings/categories/{tiere.slug}/",
        {f"{tiere.slug}-name": "", f"{tiere.slug}-position": "3", f"{tiere.slug}-is_active": "on"},
    )
    tiere.refresh_from_db()
    assert (tiere.name, tiere.is_active) == ("Tiere", False)


def test_the_categories_page_keeps_a_constant_number_of_queries(
    admin, client_a, django_assert_max_num_queries
):
    client_a.force_login(admin)
    client_a.get("/shop/settings/categories/")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client_a.get("/shop/settings/categories/")
    for n in range(8):
        create_category(by=admin, name=f"Neu {n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client_a.get("/shop/settings/categories/").status_code == 200


def test_town_b_cannot_reach_town_a_settings(admin, client_b, town_b):
    from django_tenants.utils import tenant_context

    tiere = create_category(by=admin, name="Nur in A")
    with tenant_context(town_b):
        other_admin = UserFactory(town_admin=True, email="admin-b@example.org")
        client_b.force_login(other_admin)
    response = client_b.post(
        f"/shop/settings/categories/{tiere.slug}/",
        {f"{tiere.slug}-name": "Geändert", f"{tiere.slug}-position": "1"},
    )
    assert response.status_code == 404
    tiere.refresh_from_db()
    assert tiere.name == "Nur in A"


def test_the_settings_are_a_404_where_the_shop_is_off(admin, client_a, shop_off):
    client_a.force_login(admin)
    assert client_a.get("/shop/settings/").status_code == 404
    assert client_a.post("/shop/settings/", FORM).status_code == 404
    assert ShopSettings.objects.count() == 0


def test_an_order_request_still_expires_by_the_rule_it_was_made_under(admin):
    offer = OfferFactory()
    order = make_order(offer=offer, resident=UserFactory())
    update_shop_settings(by=admin, **FLAT, request_expiry_hours=1, providers_need_approval=True)
    assert Order.objects.get(pk=order.pk).expires_at > timezone.now() + timedelta(hours=40)


def test_a_german_administrator_types_amounts_with_a_comma(admin, client_a):
    from django.conf import settings

    from modules.shop.models import ShopSettings

    # given the administrator's portal in German (the visitor's chosen language)
    client_a.force_login(admin)
    client_a.cookies[settings.LANGUAGE_COOKIE_NAME] = "de"
    german = {**FORM, "percent": "3,5", "minimum_euros": "1,00", "maximum_euros": "25,50"}
    # when she types the amounts as German writes them
    response = client_a.post("/shop/settings/", german)
    # then they are saved as cents and basis points
    assert response.status_code == 302, response.content.decode()[:2000]
    rule = ShopSettings.current().rule()
    assert (rule.basis_points, rule.minimum_cents, rule.maximum_cents) == (350, 100, 2550)
