"""The town's cache of branding, settings rows and home panels: a warm home page costs at
most two queries, a change shows on the next page, and no town ever sees another's values.

A test runs in one transaction that never commits, and a transaction that wrote a cached row
reads past the cache; `django_capture_on_commit_callbacks(execute=True)` plays the commit,
so that the reads after it go through the cache and a change the cache missed would show."""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import schema_context, tenant_context

from portal.branding.legal_services import update_published_pages
from portal.branding.models import Branding, TownPages
from portal.branding.selectors import current_branding
from portal.branding.services import update_branding
from portal.town_cache import cached_for_town
from tests.queries import listed

WARM_HOME_QUERIES = 2


def _home_queries(client) -> CaptureQueriesContext:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    return queries


def test_the_home_page_runs_at_most_two_queries_with_a_warm_cache(client_a) -> None:
    # given a visitor's first look at the home page (routing, branding, settings, panels)
    cold = _home_queries(client_a)
    # when the next visitor comes
    warm = _home_queries(client_a)
    # then the page comes from the town's cache
    assert len(warm) <= WARM_HOME_QUERIES, listed(warm)
    assert len(warm) < len(cold), listed(cold)


def test_a_branding_change_shows_at_once_in_its_town_and_nowhere_else(
    client_a, client_b, town_a, django_capture_on_commit_callbacks
) -> None:
    # given both towns' home pages in the cache
    assert "Alpha" in client_a.get("/").text
    assert "Beta" in client_b.get("/").text
    # when town A's administrator changes the look (and the change commits)
    with tenant_context(town_a), django_capture_on_commit_callbacks(execute=True):
        update_branding(
            branding=current_branding(), fields={"display_name": "Alphaburg", "tagline": "Neu"}
        )
    # then A's next page shows it, and B's still shows B's own
    page_a = client_a.get("/").text
    assert "Alphaburg" in page_a and '<p class="wrap tagline">Neu</p>' in page_a
    page_b = client_b.get("/").text
    assert "Beta" in page_b and "Alphaburg" not in page_b and "tagline" not in page_b


def test_a_settings_change_shows_on_the_next_page(
    client_a, town_a, django_capture_on_commit_callbacks
) -> None:
    # given the help page seen once (its settings row now cached)
    assert "Ring us any time" not in client_a.get("/help/").text
    # when the published pages are changed
    with tenant_context(town_a), django_capture_on_commit_callbacks(execute=True):
        pages, branding = TownPages.current(), current_branding()
        update_published_pages(
            changed_by=None,
            imprint=branding.imprint,
            privacy=branding.privacy,
            accessibility_conformity=pages.accessibility_conformity,
            accessibility_limitations=pages.accessibility_limitations,
            accessibility_feedback_contact=pages.accessibility_feedback_contact,
            accessibility_enforcement=pages.accessibility_enforcement,
            accessibility_prepared_on=pages.accessibility_prepared_on,
            help_intro="Ring us any time",
            town_hall_phone=pages.town_hall_phone,
            network_manager_name=pages.network_manager_name,
            network_manager_phone=pages.network_manager_phone,
            network_manager_email=pages.network_manager_email,
            office_hours=pages.office_hours,
            easy_language=pages.easy_language,
        )
    # then the next page shows the new text
    assert "Ring us any time" in client_a.get("/help/").text


def test_a_bulk_update_forgets_the_cache_too(
    client_a, town_a, django_capture_on_commit_callbacks
) -> None:
    assert "Nur im Test" not in client_a.get("/").text
    with tenant_context(town_a), django_capture_on_commit_callbacks(execute=True):
        Branding.objects.filter(singleton=True).update(tagline="Nur im Test")
    assert "Nur im Test" in client_a.get("/").text


def test_a_rolled_back_change_is_never_served_from_the_cache(in_town_a) -> None:
    # given the branding in the cache
    before = current_branding().display_name
    # when a change is read back inside its transaction, which then rolls back
    with pytest.raises(RuntimeError), transaction.atomic():
        Branding.objects.filter(singleton=True).update(display_name="Nie gespeichert")
        assert current_branding().display_name == "Nie gespeichert"
        raise RuntimeError
    # then the stored branding is what the next reader gets
    assert current_branding().display_name == before == "Alpha"


def test_one_name_holds_a_value_per_town(db, town_a, town_b) -> None:
    with tenant_context(town_a):
        assert cached_for_town("probe", lambda: "a") == "a"
    with tenant_context(town_b):
        assert cached_for_town("probe", lambda: "b") == "b"
    with tenant_context(town_a):
        assert cached_for_town("probe", lambda: "not asked") == "a"


def test_outside_a_town_nothing_is_cached(db) -> None:
    with schema_context("public"):
        assert cached_for_town("probe", lambda: 1) == 1
        assert cached_for_town("probe", lambda: 2) == 2


def test_the_two_step_rule_for_administrators_applies_at_once(
    in_town_a, django_capture_on_commit_callbacks
) -> None:
    from portal.accounts.two_factor import admins_need_two_factor, set_admins_need_two_factor
    from tests.factories import UserFactory

    admin = UserFactory(town_admin=True)
    assert admins_need_two_factor() is False  # now in the cache
    with django_capture_on_commit_callbacks(execute=True):
        set_admins_need_two_factor(required=True, changed_by=admin)
    assert admins_need_two_factor() is True
