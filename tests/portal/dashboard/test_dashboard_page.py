"""The administrator's dashboard: figures per week with SVG charts and tables, a CSV."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import tenant_context

from portal.dashboard.figures import last_year_weeks
from tests.factories import UserFactory
from tests.portal.dashboard.year_of_data import make_weeks_of_data

pytestmark = pytest.mark.django_db


def _queries_of_the_page(client, admin) -> int:  # type: ignore[no-untyped-def]
    client.force_login(admin)
    client.get("/manage/")  # warm caches (session, town, branding)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/manage/")
    assert response.status_code == 200
    return len(queries)


def test_the_page_costs_the_same_queries_at_a_year_of_data(admin_a, client_a) -> None:
    # given a town with one week of activity
    make_weeks_of_data(1)
    one_week = _queries_of_the_page(client_a, admin_a)
    # when a year (52 weeks) of activity, three of everything a week, is added
    make_weeks_of_data(52, per_week=3)
    a_year = _queries_of_the_page(client_a, admin_a)
    # then the page costs exactly as many queries (one grouped query per series)
    assert a_year == one_week
    assert a_year <= 40


def test_the_page_shows_charts_with_text_alternatives(admin_a, client_a) -> None:
    # given some activity
    make_weeks_of_data(3)
    client_a.force_login(admin_a)
    # when the administrator opens the console
    html = client_a.get("/manage/").content.decode()
    # then every figure is a chart that names itself, with a table of the same figures
    charts = re.findall(r"<svg[^>]*role=\"img\"[^>]*>", html)
    for key in (
        "residents_registered",
        "residents_active",
        "exchange_listings",
        "exchange_matches",
        "timebank_minutes",
        "directory_new",
        "events_announced",
        "email_sent",
        "email_bounced",
    ):
        assert f'aria-labelledby="chart-{key}-title chart-{key}-desc"' in html, key
    assert len(charts) >= 9
    assert '<title id="chart-exchange_listings-title">' in html
    assert html.count('<table class="stack">') >= 6
    assert 'data-label="New listings"' in html
    # an hour and a half a week, in hours and minutes, not raw minutes
    assert "1 h 30 min" in html
    assert "style=" not in html.split("<main", 1)[1]
    assert 'href="/manage/dashboard.csv"' in html


def test_the_csv_has_a_row_for_every_week_and_a_column_for_every_series(admin_a, client_a) -> None:
    # given two weeks of activity
    make_weeks_of_data(2, per_week=2)
    client_a.force_login(admin_a)
    # when the administrator downloads the figures
    response = client_a.get("/manage/dashboard.csv")
    # then it is a CSV file with a header and 52 weeks, this week last
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header, weeks = rows[0], rows[1:]
    assert header[0] == "week" and "New listings" in header and "Hours exchanged (min)" in header
    assert len(weeks) == 52
    this_week = last_year_weeks().weeks[-1]
    assert weeks[-1][0] == this_week.isoformat()
    listings = header.index("New listings")
    minutes = header.index("Hours exchanged (min)")
    assert weeks[-1][listings] == "4"  # two given and two taken, posted this week
    assert weeks[-1][minutes] == "180"
    assert weeks[0][listings] == "0"


def test_the_figures_are_the_towns_own(admin_a, client_a, town_b) -> None:
    # given activity only in town B
    with tenant_context(town_b):
        make_weeks_of_data(2)
    client_a.force_login(admin_a)
    # when town A's administrator downloads the figures
    rows = list(
        csv.reader(io.StringIO(client_a.get("/manage/dashboard.csv").content.decode("utf-8-sig")))
    )
    # then town B's listings are not in them
    listings = rows[0].index("New listings")
    assert all(row[listings] == "0" for row in rows[1:])


def test_only_administrators_see_the_dashboard(in_town_a, client_a) -> None:
    # given a resident and a moderator
    for person in (UserFactory(), UserFactory(moderator=True)):
        client_a.force_login(person)
        # when they ask for the dashboard or its CSV, then they are refused
        assert client_a.get("/manage/").status_code == 403
        assert client_a.get("/manage/dashboard.csv").status_code == 403
    client_a.logout()
    assert client_a.get("/manage/dashboard.csv").status_code == 302


def test_chart_coordinates_are_numbers_in_german_too(admin_a, client_a, settings) -> None:
    # given some activity and an administrator who reads the portal in German
    make_weeks_of_data(2)
    client_a.force_login(admin_a)
    client_a.cookies[settings.LANGUAGE_COOKIE_NAME] = "de"
    # when they open the dashboard
    html = client_a.get("/manage/").content.decode()
    # then the charts' coordinates have decimal points, not German decimal commas
    assert "Was das Portal erreicht hat" in html
    svg = html[html.index('<svg class="chart') :]
    assert re.search(r'(x|y|width|height)="\d+,\d', svg) is None
    assert re.search(r'y="\d+\.\d"', svg) is not None
