"""The bounce intake on the operator host: the shared secret, the right town, no change else."""

from __future__ import annotations

import json
import uuid

import pytest
from django_tenants.utils import tenant_context

from portal.mail_log.message_ids import make_message_id
from portal.mail_log.models import SentEmail
from tenants.models import Town

pytestmark = pytest.mark.django_db

SECRET = "bounce-secret-for-tests"
URL = "/mail/bounces/"


@pytest.fixture
def secret(settings) -> str:  # type: ignore[no-untyped-def]
    settings.LQ_BOUNCE_WEBHOOK_SECRET = SECRET
    return SECRET


def _record(town: Town) -> SentEmail:
    with tenant_context(town):
        return SentEmail.objects.create(kind="notify", recipients=1)


def _bounced(town: Town, record: SentEmail) -> bool:
    with tenant_context(town):
        return SentEmail.objects.get(pk=record.pk).bounced_at is not None


def _report(client, message_id: str, secret: str = SECRET):  # type: ignore[no-untyped-def]
    return client.post(
        URL,
        data=json.dumps({"message_id": message_id}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {secret}",
    )


def test_a_bounce_marks_the_record_in_its_own_town(public_client, secret, town_a, town_b) -> None:
    # given an e-mail of each town
    mail_a, mail_b = _record(town_a), _record(town_b)
    # when the provider reports town B's message bounced
    message_id = make_message_id(town_slug=town_b.slug, record_id=mail_b.public_id)
    response = _report(public_client, message_id)
    # then town B's record is bounced, town A's is not
    assert response.status_code == 204
    assert _bounced(town_b, mail_b) and not _bounced(town_a, mail_a)
    # and a repeated report changes nothing and still succeeds
    assert _report(public_client, message_id).status_code == 204


def test_a_form_encoded_report_is_accepted(public_client, secret, town_a) -> None:
    record = _record(town_a)
    response = public_client.post(
        URL,
        {"message_id": make_message_id(town_slug="alpha", record_id=record.public_id)},
        HTTP_AUTHORIZATION=f"Bearer {SECRET}",
    )
    assert response.status_code == 204 and _bounced(town_a, record)


@pytest.mark.parametrize("given", ["", "Bearer wrong", f"Basic {SECRET}", f"Bearer {SECRET}x"])
def test_a_wrong_secret_changes_nothing(public_client, secret, town_a, given) -> None:
    record = _record(town_a)
    message_id = make_message_id(town_slug="alpha", record_id=record.public_id)
    headers = {"HTTP_AUTHORIZATION": given} if given else {}
    response = public_client.post(
        URL, data=json.dumps({"message_id": message_id}), content_type="application/json", **headers
    )
    assert response.status_code == 403
    assert not _bounced(town_a, record)


def test_without_a_configured_secret_every_report_is_refused(
    public_client, settings, town_a
) -> None:
    settings.LQ_BOUNCE_WEBHOOK_SECRET = ""
    record = _record(town_a)
    message_id = make_message_id(town_slug="alpha", record_id=record.public_id)
    assert _report(public_client, message_id, secret="").status_code == 403
    assert not _bounced(town_a, record)


def test_a_message_id_of_the_wrong_town_or_no_record_is_a_404(
    public_client, secret, town_a, town_b
) -> None:
    # given a record of town A
    record = _record(town_a)
    # when it is reported under town B's name, an unknown record or an unknown town
    for slug, record_id in (
        (town_b.slug, record.public_id),
        ("alpha", uuid.uuid4()),
        ("no-such-town", record.public_id),
    ):
        response = _report(public_client, make_message_id(town_slug=slug, record_id=record_id))
        # then it is not found and nothing changed
        assert response.status_code == 404, slug
    assert not _bounced(town_a, record)


@pytest.mark.parametrize(
    "body",
    ["not json", json.dumps(["<lq.x@y>"]), json.dumps({"message_id": 7}), json.dumps({})],
)
def test_a_malformed_report_is_a_400(public_client, secret, body) -> None:
    response = public_client.post(
        URL, data=body, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {SECRET}"
    )
    assert response.status_code == 400
    assert "message_id" in response.json()["detail"]


def test_the_intake_answers_only_post(public_client, secret) -> None:
    assert public_client.get(URL, HTTP_AUTHORIZATION=f"Bearer {SECRET}").status_code == 405


def test_the_intake_is_not_on_a_town_host(client_a, secret) -> None:
    assert _report(client_a, "<lq.x@y>").status_code == 404
