"""An operator finds towns among many in the browser: searches, filters by status and pages
through the results, the search staying in every page link; the list passes axe-core."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tenants.models import Domain, Town
from tests.e2e.conftest import log_in_operator
from tests.e2e.test_accessibility import _violations

pytestmark = pytest.mark.django_db(transaction=True)


def add_villages(count: int) -> None:
    """Town rows without schemas (the list needs none): every third one suspended."""
    made = Town.objects.bulk_create(
        Town(
            schema_name=f"weiler_{n:03}",
            slug=f"weiler-{n:03}",
            name=f"Weiler {n:03}",
            status=Town.Status.SUSPENDED if n % 3 == 0 else Town.Status.ACTIVE,
        )
        for n in range(count)
    )
    Domain.objects.bulk_create(
        Domain(tenant=town, domain=f"{town.slug}.lq.test", is_primary=True) for town in made
    )


def names(page: Any) -> list[str]:
    return [text.strip() for text in page.locator("tbody th[scope=row]").all_inner_texts()]


def test_operator_searches_filters_and_pages_through_the_towns(live_server, page, towns) -> None:
    # given Alpha, Beta and 180 villages, 60 of them suspended
    add_villages(180)
    log_in_operator(page, live_server, "olga@lq.example")

    # the first page shows 50 of the 182 towns and says how many pages there are
    assert "182 Gemeinden" in page.inner_text("main")
    assert len(names(page)) == 50
    assert "Seite 1 von 4" in page.inner_text("nav.pager")
    assert _violations(page) == []

    # when she searches for the villages in any case and chooses "suspended"
    page.get_by_label("Suche nach Name, Adresse oder Domain").fill("WEILER")
    page.get_by_label("Status", exact=True).select_option(label="Vorübergehend gesperrt")
    with page.expect_navigation():
        page.get_by_role("button", name="Gemeinden zeigen", exact=True).click()

    # then only suspended villages are listed, 50 of 60
    assert "60 Gemeinden gefunden" in page.inner_text("main")
    first = names(page)
    assert len(first) == 50 and first[0] == "Weiler 000" and first[1] == "Weiler 003"
    assert page.get_by_label("Status", exact=True).input_value() == "suspended"
    assert _violations(page) == []

    # when she goes to the next page, the search and the filter stay
    with page.expect_navigation():
        page.get_by_role("link", name="Nächste Seite →").click()
    assert re.search(r"\?q=WEILER&status=suspended&page=2$", page.url)
    second = names(page)
    assert len(second) == 10 and second[-1] == "Weiler 177"
    assert set(first).isdisjoint(second)
    assert page.get_by_label("Suche nach Name, Adresse oder Domain").input_value() == "WEILER"
    assert page.get_by_role("link", name="Nächste Seite →").count() == 0

    # and back again
    with page.expect_navigation():
        page.get_by_role("link", name="← Vorherige Seite").click()
    assert names(page) == first

    # a search by domain finds one town; a search for nothing says so
    page.get_by_label("Suche nach Name, Adresse oder Domain").fill("weiler-042.lq")
    page.get_by_label("Status", exact=True).select_option(label="Alle Status")
    with page.expect_navigation():
        page.get_by_role("button", name="Gemeinden zeigen", exact=True).click()
    assert names(page) == ["Weiler 042"]
    page.get_by_label("Suche nach Name, Adresse oder Domain").fill("Atlantis")
    with page.expect_navigation():
        page.get_by_role("button", name="Gemeinden zeigen", exact=True).click()
    assert "Keine Gemeinden gefunden." in page.inner_text("main")
    assert _violations(page) == []

    # "show all towns" brings back the whole list
    with page.expect_navigation():
        page.get_by_role("link", name="Alle Gemeinden zeigen").click()
    assert "182 Gemeinden" in page.inner_text("main")
