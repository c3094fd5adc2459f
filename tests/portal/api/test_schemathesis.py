"""The town API's schema tells the truth: a bounded schemathesis run with every check.

Every operation of /api/v1/ is tried in-process (WSGI, no network) against town A, as a
moderator with a token, with a few schema-valid and schema-violating cases each; any failure
of any check (status codes, content types, response schemas, valid data rejected, invalid data
accepted, auth ignored, server errors) fails the test with the list. The full run (more
examples, anonymous and resident too) is ops/fuzz/schemathesis_full.py.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django_tenants.utils import tenant_context
from rest_framework.authtoken.models import Token

from tenants.models import Town
from tests.conftest import TownClient, host
from tests.factories import UserFactory

from .fuzzing import FuzzReport, fuzz

pytestmark = pytest.mark.django_db(transaction=False)

EXAMPLES = int(os.environ.get("LQ_FUZZ_EXAMPLES", "3"))
AS = os.environ.get("LQ_FUZZ_AS", "moderator").split(",")


def _headers_for(who: str, town: Town) -> dict[str, str]:
    if who == "anonymous":
        return {}
    with tenant_context(town):
        user = UserFactory(moderator=True) if who == "moderator" else UserFactory()
        key = Token.objects.create(user=user).key
    return {"Authorization": f"Token {key}"}


@pytest.mark.parametrize("who", AS)
def test_api_conforms_to_its_schema(who: str, town_a: Town, client_a: TownClient) -> None:
    raw = client_a.get("/api/v1/schema/?format=json").json()
    report = FuzzReport()

    fuzz(
        raw,
        host=host(town_a.slug),
        headers=_headers_for(who, town_a),
        examples=EXAMPLES,
        report=report,
    )

    print(
        f"\nschemathesis as {who}: {report.operations} operations, {report.cases} cases, "
        f"{len(report.failures)} unique failures"
    )
    slowest = sorted(report.seconds.items(), key=lambda item: -item[1])[:5]
    print("slowest: " + ", ".join(f"{label} {secs:.1f}s" for label, secs in slowest))
    if report.failures and os.environ.get("LQ_FUZZ_DETAILS"):
        with Path(os.environ["LQ_FUZZ_DETAILS"]).open("a") as out:
            out.write(f"=== as {who}\n{report.details()}\n")
    assert report.operations >= 40
    assert report.failures == {}, "\n".join(report.lines())
