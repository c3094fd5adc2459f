"""The shared search piece: extensions in every town, query parsing, unfound figures."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.utils import timezone
from django_tenants.utils import schema_context

from portal.search import selectors, services
from portal.search.models import UnfoundSearch
from portal.search.query import BadSearch, parse_query
from tests.factories.exchange import ListingFactory


@pytest.mark.parametrize("schema", ["lq_template", "town_alpha", "town_beta"])
def test_trigram_and_unaccent_work_in_every_town_schema(towns, db, schema):
    # The extensions live once in the public schema (tenants migration 0002) and every
    # town's search path includes it; the template and each town can use them.
    with schema_context(schema), connection.cursor() as cursor:
        cursor.execute("SELECT %s <%% %s, unaccent(%s)", ["fahrad", "fahrrad für kinder", "Café"])
        assert cursor.fetchone() == (True, "Cafe")
        cursor.execute(
            "SELECT count(*) FROM pg_indexes WHERE schemaname = %s AND indexname = %s",
            [schema, "exchange_listing_trgm_gin"],
        )
        assert cursor.fetchone() == (1,)


def test_the_generated_columns_fold_as_python_does(in_town_a):
    listing = ListingFactory(title="Kirchen-Chor Straße", description="Café")
    listing.refresh_from_db()
    assert listing.search_text == "kirchen-chor strasse kirchenchor strasse cafe"
    assert listing.search_title == "kirchen-chor strasse kirchenchor strasse"


def test_parse_query_folds_and_limits_words():
    query = parse_query("  Fahrräder,  Café!  fahrräder ")
    assert query is not None
    assert query.words == ("fahrrader", "cafe")
    assert query.term == "fahrrader cafe"
    assert parse_query(None) is None and parse_query(" \t\n") is None
    assert len(parse_query(" ".join(f"w{n}" for n in range(40))).words) == 12  # type: ignore[union-attr]
    with pytest.raises(BadSearch):
        parse_query(["Fahrrad"])
    with pytest.raises(BadSearch):
        parse_query("§$%&/()=")


def test_unfound_searches_per_term_and_week(in_town_a):
    # given searches that found nothing this week and long ago
    query = parse_query("Schneeschieber")
    assert query is not None
    services.record_unfound_search(query=query)
    services.record_unfound_search(query=query)
    UnfoundSearch.objects.create(term="rodel", week=date(2020, 1, 6), count=5)
    # when the dashboard asks since a week ago
    since = timezone.now() - timedelta(days=7)
    terms = selectors.unfound_searches(since=since)
    # then it gets this week's term and count, not the old one
    assert [(t.term, t.count) for t in terms] == [("schneeschieber", 2)]
    assert terms[0].week.weekday() == 0
    assert [t.term for t in selectors.unfound_searches(since=date(2020, 1, 8))] == [
        "schneeschieber",
        "rodel",
    ]


def test_exchange_list_page_finds_by_description_and_typo(in_town_a, client_a):
    # the exchange's own search uses the shared piece (it used to match titles only)
    ListingFactory(title="Hilfe gesucht", description="Wer erklärt mir meinen Computer?")
    ListingFactory(title="Fahrrad für Kinder")
    assert "Hilfe gesucht" in client_a.get("/exchange/", {"q": "Computer"}).content.decode()
    assert "Fahrrad für Kinder" in client_a.get("/exchange/", {"q": "Fahrad"}).content.decode()
    assert "Fahrrad" not in client_a.get("/exchange/", {"q": "Computer"}).content.decode()


def test_the_search_condition_is_answered_from_the_gin_indexes(in_town_a):
    # given the planner told not to read whole tables (a test town's tables are tiny, so it
    # would rather read them), the shared condition is answered by the two GIN indexes
    from modules.exchange.models import Listing
    from portal.search.matching import ranked

    query = parse_query("Fahrad")
    assert query is not None
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        plans = []
        for deep in (False, True):
            sql, params = ranked(Listing.objects.all(), query, deep=deep).query.sql_with_params()
            cursor.execute(f"EXPLAIN {sql}", params)
            plans.append("\n".join(row[0] for row in cursor.fetchall()))
    titles, texts = plans
    assert "BitmapOr" in titles and "BitmapOr" in texts
    assert "exchange_listing_search_gin" in titles and "exchange_listing_title_gin" in titles
    assert "exchange_listing_search_gin" in texts and "exchange_listing_trgm_gin" in texts
