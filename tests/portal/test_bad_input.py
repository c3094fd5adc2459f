"""Bad input, table-driven: every form and API write of a town (and the operator API) gets
empty, overlong, wrongly typed, control-character, invisible-only, huge-number, bad-date and
markup values, one field at a time, from a signed-in person allowed to use the page.

Every answer must be a 4xx (API: the JSON error shape) or the form shown again with its error
message; never a 500; and nothing may change (row counts of the module's tables and the rows
the page edits). `test_each_valid_payload_is_accepted` proves the payloads are valid without
the bad value, so each refusal is caused by the value under test.

Markup in free text (titles, descriptions) is stored as typed and escaped wherever it is
shown (tests of the modules); here markup is tried where it is not allowed: addresses, slugs,
postcodes, dates, numbers, choices, e-mail addresses.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context, tenant_context

from modules.directory.models import Organisation
from modules.exchange.models import Listing
from modules.info.models import Event, Link, News
from portal.accounts.models import Role, User
from tenants.models import Town
from tests.conftest import TownClient, host
from tests.factories import PASSWORD, UserFactory
from tests.factories.two_factor import give_totp_device, pass_second_step

pytestmark = pytest.mark.django_db

# --- the bad values -------------------------------------------------------------------------

HUGE_TEXT = "x" * 20_000
NUL = "Titel\x00mit NUL"
BEL = "Sofa\x07"
ESC = "a\x1b[31mrot"
C1 = "a\x9bb"
ZERO_WIDTH = "\u200b\u200c\u200d"
BIDI = "\u202e\u2066\u2069"
BOM = "\ufeff"
SCRIPT = "<script>alert(1)</script>"

# Required single-line text, in a form (strings only) and in JSON (any type).
TEXT_FORM = {
    "empty": "",
    "spaces": "   ",
    "overlong": HUGE_TEXT,
    "nul": NUL,
    "bel": BEL,
    "esc": ESC,
    "c1": C1,
    "zero-width": ZERO_WIDTH,
    "bidi": BIDI,
    "bom": BOM,
    "line-break": "zwei\nZeilen",
}
WRONG_TYPES = {"int": 123, "float": 1.5, "bool": True, "list": ["a"], "object": {"a": 1}}
TEXT_JSON = {**TEXT_FORM, **WRONG_TYPES, "null": None}
# Optional long text: empty is fine, controls and absurd lengths are not.
LONG_FORM = {"overlong": "y" * 60_000, "nul": NUL, "bel": BEL, "esc": ESC, "c1": C1}
LONG_JSON = {**LONG_FORM, **WRONG_TYPES}
CHOICE_FORM = {"empty": "", "unknown": "bogus", "markup": SCRIPT, "nul": "give\x00"}
CHOICE_JSON = {**CHOICE_FORM, "int": 1, "list": ["give"], "null": None}
DATETIME_FORM = {
    "empty": "",
    "feb-30": "2026-02-30T10:00",
    "year-1": "0001-01-01T10:00",
    "year-9999": "9999-12-31T10:00",
    "words": "morgen früh",
    "markup": SCRIPT,
    "hour-25": "2026-05-01T25:00",
}
DATETIME_JSON = {
    "feb-30": "2026-02-30T10:00:00+02:00",
    "year-1": "0001-01-01T10:00:00+00:00",
    "year-9999": "9999-12-31T10:00:00+00:00",
    "words": "morgen früh",
    "markup": SCRIPT,
    "int": 20260501,
    "list": ["2026-05-01T10:00:00+02:00"],
    "null": None,
}
DATE_FORM = {"feb-30": "2026-02-30", "year-1": "0001-01-01", "words": "bald", "markup": SCRIPT}
DATE_JSON = {**DATE_FORM, "int": 20260501, "object": {"y": 2026}}
NUMBER_FORM = {
    "negative": "-5",
    "huge": "1" + "0" * 30,
    "words": "viele",
    "fraction": "2.5",
    "markup": SCRIPT,
}
NUMBER_JSON = {**NUMBER_FORM, "huge-int": 10**30, "negative-int": -5, "list": [5], "bool": True}
URL_BAD = {
    "javascript": "javascript:alert(1)",
    "ftp": "ftp://example.org/x",
    "no-host": "http://",
    "overlong": "https://example.org/" + "a" * 600,
    "markup": SCRIPT,
    "nul": "https://example.org/\x00",
}
POSTCODE_BAD = {
    "arabic-indic": "\u0667\u0661\u0662\u0666\u0663",
    "fullwidth": "\uff17\uff11\uff12\uff16\uff13",
    "four": "7126",
    "letters": "abcde",
    "markup": "<b>1</b>",
}
EMAIL_BAD = {
    "no-at": "nobody",
    "overlong": "a" * 300 + "@example.org",
    "markup": "<script>@example.org",
    "nul": "a\x00@example.org",
}
SLUG_BAD = {
    "markup": SCRIPT,
    "kelvin": "\u212a\u212a",
    "overlong": "a" * 81,
    "upper-space": "Mein Verein",
}


# --- the targets ----------------------------------------------------------------------------


def _future(days: int = 3) -> Any:
    return timezone.localtime(timezone.now() + timedelta(days=days)).replace(
        second=0, microsecond=0
    )


def _form_moment(days: int, hours: int = 0) -> str:
    return (_future(days) + timedelta(hours=hours)).strftime("%Y-%m-%dT%H:%M")


def _json_moment(days: int, hours: int = 0) -> str:
    return (_future(days) + timedelta(hours=hours)).isoformat()


def _counts(*models: Any) -> Callable[[], Any]:
    def snapshot() -> Any:
        return tuple(model.objects.count() for model in models)

    return snapshot


def _town_rules() -> Any:
    town = Town.objects.get(slug="alpha")
    return (town.residency_policy, list(town.postcodes), list(town.districts))


def _profile_of(email: str) -> Callable[[], Any]:
    def snapshot() -> Any:
        user = User.objects.get(email=email)
        return (user.full_name, user.phone, user.postcode, user.district, user.language)

    return snapshot


@dataclass(frozen=True)
class Target:
    name: str
    api: bool
    role: str  # anonymous, resident, moderator, admin, operator
    path: str
    valid: Callable[[], dict[str, Any]]
    fields: dict[str, dict[str, Any]]
    snapshot: Callable[[], Any]
    public: bool = False  # the operator host
    created: Callable[[], bool] = field(default=lambda: True)


TARGETS = [
    Target(
        "exchange-listing-form",
        False,
        "resident",
        "/exchange/new/",
        lambda: {"listing_type": "item", "kind": "give", "title": "Kinderwagen"},
        {
            "title": TEXT_FORM,
            "description": LONG_FORM,
            "kind": CHOICE_FORM,
            "listing_type": CHOICE_FORM,
            "minutes": NUMBER_FORM,
        },
        _counts(Listing),
    ),
    Target(
        "exchange-listing-api",
        True,
        "resident",
        "/api/v1/exchange/listings/",
        lambda: {"kind": "give", "type": "item", "title": "Sofa"},
        {
            "title": TEXT_JSON,
            "description": LONG_JSON,
            "kind": CHOICE_JSON,
            "type": CHOICE_JSON,
            "minutes": NUMBER_JSON,
        },
        _counts(Listing),
    ),
    Target(
        "info-event-form",
        False,
        "moderator",
        "/info/events/new/",
        lambda: {
            "title": "Lauftreff",
            "organiser_name": "Stadt",
            "place": "Park",
            "start": _form_moment(3),
            "end": _form_moment(3, 1),
            "recurrence": "weekly",
        },
        {
            "title": TEXT_FORM,
            "organiser_name": TEXT_FORM,
            "place": TEXT_FORM,
            "description": LONG_FORM,
            "start": DATETIME_FORM,
            "end": DATETIME_FORM,
            "recurrence": CHOICE_FORM,
            "recurrence_count": NUMBER_FORM,
            "recurrence_until": DATE_FORM,
            "organiser_slug": SLUG_BAD,
        },
        _counts(Event),
    ),
    Target(
        "info-event-api",
        True,
        "moderator",
        "/api/v1/info/events/",
        lambda: {
            "title": "Lauftreff",
            "organiser_name": "Stadt",
            "place": "Park",
            "start": _json_moment(3),
            "end": _json_moment(3, 1),
            "recurrence": "weekly",
        },
        {
            "title": TEXT_JSON,
            "organiser_name": TEXT_JSON,
            "place": TEXT_JSON,
            "description": LONG_JSON,
            "start": DATETIME_JSON,
            "end": DATETIME_JSON,
            "recurrence": CHOICE_JSON,
            "recurrence_count": NUMBER_JSON,
            "recurrence_until": DATE_JSON,
            "organiser_slug": SLUG_BAD,
        },
        _counts(Event),
    ),
    Target(
        "info-news-form",
        False,
        "moderator",
        "/info/news/new/",
        lambda: {"title": "Sperrung", "body": "Ab Montag.", "publish_at": _form_moment(1)},
        {
            "title": TEXT_FORM,
            "summary": LONG_FORM,
            "body": {**LONG_FORM, "empty": "", "zero-width": ZERO_WIDTH},
            "publish_at": DATETIME_FORM,
            "expire_at": {k: v for k, v in DATETIME_FORM.items() if k != "empty"},
        },
        _counts(News),
    ),
    Target(
        "info-news-api",
        True,
        "moderator",
        "/api/v1/info/news/",
        lambda: {"title": "Sperrung", "body": "Ab Montag.", "publish_at": _json_moment(1)},
        {
            "title": TEXT_JSON,
            "summary": LONG_JSON,
            "body": {**LONG_JSON, "empty": "", "zero-width": ZERO_WIDTH},
            "publish_at": DATETIME_JSON,
            "expire_at": {k: v for k, v in DATETIME_JSON.items() if k != "null"},
        },
        _counts(News),
    ),
    Target(
        "info-link-form",
        False,
        "moderator",
        "/info/links/new/",
        lambda: {"category": "town_hall", "title": "Rathaus", "url": "https://example.org/"},
        {
            "title": TEXT_FORM,
            "url": URL_BAD,
            "phone": {"letters": "call me", "markup": SCRIPT, "arabic": "\u0661\u0662\u0663"},
            "category": CHOICE_FORM,
            "position": NUMBER_FORM,
        },
        _counts(Link),
    ),
    Target(
        "info-link-api",
        True,
        "moderator",
        "/api/v1/info/links/",
        lambda: {"category": "town_hall", "title": "Rathaus", "url": "https://example.org/"},
        {
            "title": TEXT_JSON,
            "url": {**URL_BAD, **WRONG_TYPES},
            "phone": {"letters": "call me", "markup": SCRIPT, "int": 12345},
            "category": CHOICE_JSON,
            "position": NUMBER_JSON,
        },
        _counts(Link),
    ),
    Target(
        "register-form",
        False,
        "anonymous",
        "/accounts/register/",
        lambda: {
            "full_name": "Erika Haug",
            "email": "erika.neu@example.org",
            "password": "Lindenbaum-am-Brunnen-7",
            "postcode": "71263",
        },
        {"full_name": TEXT_FORM, "email": EMAIL_BAD, "postcode": POSTCODE_BAD},
        _counts(User),
    ),
    Target(
        "profile-form",
        False,
        "resident",
        "/accounts/profile/",
        lambda: {"full_name": "Rita Resident", "language": "de", "postcode": "71263"},
        {
            "full_name": TEXT_FORM,
            "phone": {"markup": SCRIPT, "nul": "0711\x00", "overlong": "1" * 200},
            "postcode": POSTCODE_BAD,
            "language": CHOICE_FORM,
        },
        _profile_of("rita@example.org"),
    ),
    Target(
        "console-residency-form",
        False,
        "admin",
        "/manage/residency/",
        lambda: {"policy": "postcode", "postcodes": "71263, 71264", "districts": "Nord, Süd"},
        {
            "policy": CHOICE_FORM,
            "postcodes": POSTCODE_BAD,
            "districts": {"overlong": "z" * 200, "many": ",".join(f"D{i}" for i in range(500))},
        },
        _town_rules,
    ),
    Target(
        "directory-register-form",
        False,
        "resident",
        "/directory/register/",
        lambda: {"name": "Musikverein", "kind": "club", "description": "Wir musizieren."},
        {
            "name": TEXT_FORM,
            "kind": CHOICE_FORM,
            "description": {"empty": "", "zero-width": ZERO_WIDTH, "overlong": HUGE_TEXT},
            "email": EMAIL_BAD,
            "website": URL_BAD,
        },
        _counts(Organisation),
    ),
    Target(
        "operator-towns-api",
        True,
        "operator",
        "/api/v1/towns/",
        lambda: {"slug": "gamma", "name": "Gamma", "admin_email": "chief@gamma.example"},
        {
            "slug": {**SLUG_BAD, **WRONG_TYPES, "empty": "", "sixty": "a" * 60},
            "name": {k: TEXT_JSON[k] for k in ("empty", "overlong", "int", "list", "null")},
            "admin_email": {**EMAIL_BAD, "int": 5},
            "postcodes": {"arabic": ["\u0667\u0661\u0662\u0666\u0663"], "int": [71263], "str": "x"},
            "default_language": CHOICE_JSON,
        },
        lambda: Town.objects.count(),
        public=True,
    ),
]


def _cases() -> list[Any]:
    cases = []
    for target in TARGETS:
        for name, values in target.fields.items():
            for label, value in values.items():
                cases.append(pytest.param(target, name, value, id=f"{target.name}:{name}:{label}"))
    return cases


CASES = _cases()
# Recorded for the lead's closing note; pytest -s prints it.
print(f"bad-input cases: {len(CASES)}")


def test_there_are_at_least_two_hundred_cases() -> None:
    assert len(CASES) >= 200, len(CASES)


# --- running one case -----------------------------------------------------------------------


def _client(target: Target, town: Town) -> TownClient:
    from django.conf import settings

    client = TownClient(HTTP_HOST=settings.LQ_BASE_DOMAIN if target.public else host("alpha"))
    client.cookies["django_language"] = "en"
    if target.role == "operator":
        user = User.objects.create_user("op@lq.example", PASSWORD, full_name="Op", is_staff=True)
        device = give_totp_device(user)  # operators log in with a second step
        assert client.post("/login/", {"username": "op@lq.example", "password": PASSWORD})
        pass_second_step(client, device)
        return client
    if target.role == "anonymous":
        return client
    roles = {
        "resident": [Role.RESIDENT],
        "moderator": [Role.RESIDENT, Role.MODERATOR],
        "admin": [Role.RESIDENT, Role.TOWN_ADMIN],
    }[target.role]
    with tenant_context(town):
        user = UserFactory(email="rita@example.org", full_name="Rita Resident", roles=roles)
        client.force_login(user)
    return client


def _send(client: TownClient, target: Target, payload: dict[str, Any]) -> Any:
    if target.api:
        return client.post(target.path, payload, content_type="application/json")
    return client.post(target.path, {k: v for k, v in payload.items() if v is not None})


def _snapshot(target: Target, town: Town) -> Any:
    if target.public:
        with schema_context("public"):
            return target.snapshot()
    with tenant_context(town):
        return target.snapshot()


@pytest.mark.parametrize(("target", "name", "value"), CASES)
def test_bad_input_is_refused_with_a_message_and_changes_nothing(
    town_a: Town, target: Target, name: str, value: Any
) -> None:
    # given a person allowed to use the page, and the state before
    client = _client(target, town_a)
    before = _snapshot(target, town_a)
    # when they send an otherwise valid payload with one bad value
    response = _send(client, target, {**target.valid(), name: value})
    # then it is refused with a message, and nothing changed
    assert response.status_code != 500
    if target.api:
        assert 400 <= response.status_code < 500, response.content[:300]
        error = response.json()["error"]
        assert error["message"] and error["code"], error
    else:
        assert response.status_code in {200, 400}, response.status_code
        form = response.context["form"]
        assert form.errors, "the form was accepted"
        # every problem is listed in the error summary at the top of the form (item 6)
        assert 'class="error-summary"' in response.content.decode()
    assert _snapshot(target, town_a) == before


@pytest.mark.parametrize("target", TARGETS, ids=[t.name for t in TARGETS])
def test_each_valid_payload_is_accepted(town_a: Town, target: Target) -> None:
    client = _client(target, town_a)
    before = _snapshot(target, town_a)
    response = _send(client, target, target.valid())
    assert response.status_code in {201, 302}, response.content[:500]
    assert _snapshot(target, town_a) != before


@pytest.mark.parametrize(
    "query",
    [
        "from=2026-02-30&to=2026-03-10",
        "from=0001-01-01&to=0001-02-01",
        "from=9999-01-01&to=9999-02-01",
        "from=morgen&to=2026-03-10",
        "from=2026-03-10&to=2026-03-01",
        "from=2026-01-01&to=2027-01-01",
        "from=%3Cscript%3E&to=2026-03-10",
        "from=2026-03-01%00&to=2026-03-10",
    ],
)
def test_bad_dates_in_the_occurrence_query_are_400(client_a: TownClient, query: str) -> None:
    response = client_a.get(f"/api/v1/info/occurrences/?{query}")
    assert response.status_code == 400
    assert response.json()["error"]["code"]
