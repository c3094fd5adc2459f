"""Search quality: German stemming, compounds, typos, ranking, highlights, categories."""

from __future__ import annotations

import pytest

from modules.directory import selectors
from modules.directory.models import Category, Organisation
from modules.directory.search import render_headline
from tests.factories.directory import OfferingFactory, OrganisationFactory

pytestmark = pytest.mark.usefixtures("in_town_a")


def names(query: str, category: str = "") -> list[str]:
    return [o.name for o in selectors.find_organisations(query=query, category=category)]


def test_plural_finds_singular_through_german_stemming() -> None:
    # given an offering about a bicycle and an unrelated club
    bikes = OrganisationFactory(name="Radtreff Süd", description="Hilfe rund ums Fahrrad.")
    OrganisationFactory(name="Gesangverein", description="Wir singen.")
    # when residents search the plural with an umlaut
    found = names("Fahrräder")
    # then the bicycle club is found and the other is not
    assert found == [bikes.name]


def test_compound_finds_hyphenated_name() -> None:
    choir = OrganisationFactory(name="Kirchen-Chor St. Peter", description="Wir proben.")
    OrganisationFactory(name="Sportverein", description="Fußball und Turnen.")
    assert names("Kirchenchor") == [choir.name]


def test_misspelt_repaircafe_finds_repair_cafe() -> None:
    cafe = OrganisationFactory(
        name="Repair-Café Merklingen", description="Reparieren statt wegwerfen."
    )
    OrganisationFactory(name="Tafel", description="Lebensmittel für Bedürftige.")
    assert names("Repaircafe") == [cafe.name]
    assert names("repair cafe") == [cafe.name]
    assert cafe.name in names("Repaircaffe")


def test_offering_text_is_searchable() -> None:
    # given an organisation whose offering mentions small appliances
    club = OrganisationFactory(name="Bürgerverein", description="Für ein lebendiges Viertel.")
    OfferingFactory(
        organisation=club,
        title="Reparaturtreff",
        description="Wir reparieren kleine Elektrogeräte.",
    )
    # then the offering's words find the organisation
    assert names("Elektrogeräte") == [club.name]
    assert names("Reparaturtreff") == [club.name]


def test_name_match_beats_description_match() -> None:
    # given one organisation named after the word and another mentioning it
    OrganisationFactory(
        name="Evangelische Kirchengemeinde", description="Wir unterstützen die Tafel mit Spenden."
    )
    tafel = OrganisationFactory(name="Tafel Weil der Stadt", description="Lebensmittel für alle.")
    # when searching the word
    found = names("Tafel")
    # then the name match comes first
    assert found[0] == tafel.name
    assert len(found) == 2


def test_only_public_organisations_are_found() -> None:
    OrganisationFactory(name="Schachclub", status=Organisation.Status.PENDING)
    OrganisationFactory(name="Schachfreunde", status=Organisation.Status.REJECTED)
    assert names("Schach") == []


def test_category_filter() -> None:
    OrganisationFactory(name="Musikverein", categories=[Category.MUSIC_CULTURE])
    OrganisationFactory(name="Musikschule Sport", categories=[Category.EDUCATION])
    assert names("", category=Category.MUSIC_CULTURE) == ["Musikverein"]
    assert names("Musik", category=Category.EDUCATION) == ["Musikschule Sport"]


def test_headline_highlights_and_escapes_user_text() -> None:
    # given a description with markup and a match
    OrganisationFactory(
        name="Fahrradwerkstatt",
        description='<script>alert("x")</script> Wir reparieren Fahrräder & Roller.',
    )
    # when searching
    [result] = list(selectors.find_organisations(query="Fahrrad"))
    html = str(render_headline(result.headline))
    # then the match is marked and nothing of the user's markup is live
    assert "<mark>Fahrräder</mark>" in html
    assert "<script" not in html
    assert "&amp;" in html


def test_user_cannot_forge_highlight_markers() -> None:
    OrganisationFactory(name="Markerverein", description="Text \ue000<b>fett</b>\ue001 Fahrrad")
    [result] = list(selectors.find_organisations(query="Fahrrad"))
    html = str(render_headline(result.headline))
    assert html.count("<mark>") == 1
    assert "<b>" not in html


def test_empty_or_symbol_only_query_lists_nothing_or_all() -> None:
    OrganisationFactory(name="Seniorenkreis")
    assert names("   ") == ["Seniorenkreis"]
    assert names("!!! ???") == []


def test_overlong_query_is_trimmed_not_an_error() -> None:
    OrganisationFactory(name="Feuerwehr")
    assert names("Feuerwehr " * 100) == ["Feuerwehr"]
