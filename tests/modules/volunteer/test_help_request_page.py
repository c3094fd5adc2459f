"""The request's page and confirmation: kept out of shared caches (they show the address and
phone number), reading them marks what the person was told about the request and its thread
as read, and the resident is never offered (nor given) their own request as a helper."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from modules.volunteer.models import Service
from modules.volunteer.selectors_requests import request_parties
from modules.volunteer.services.messages import send_message
from modules.volunteer.services.requests import accept_request, send_request
from portal.accounts.models import User
from portal.notifications.models import Notification
from tests.factories.volunteer import HelperFactory

from .conftest import fields

pytestmark = pytest.mark.django_db


def test_the_request_pages_are_not_kept_in_a_shared_cache(
    client_a: Any, service: Service, resident: User
) -> None:
    request = send_request(service=service, by=resident, fields=fields())
    client_a.force_login(resident)
    for url in (request.get_absolute_url(), f"{request.get_absolute_url()}confirmation/"):
        answer = client_a.get(url)
        assert answer.status_code == 200, url
        assert answer["Cache-Control"] == "private, no-store"


def test_opening_the_request_marks_its_news_and_messages_read(
    client_a: Any,
    service: Service,
    resident: User,
    helper: User,
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        request = accept_request(
            help_request=send_request(service=service, by=resident, fields=fields()),
            helper=helper,
        )
        send_message(sender=helper, body="Ich komme um zehn.", request=request)
    unread = Notification.objects.filter(user=resident, read_at__isnull=True)
    assert {n.target for n in unread} == {
        f"volunteer:request:{request.public_id}",
        f"volunteer:thread:{request.public_id}",
    }
    client_a.force_login(resident)
    assert client_a.get(request.get_absolute_url()).status_code == 200
    assert not unread.all().exists()


def test_the_resident_is_not_their_own_helper(service: Service, resident: User) -> None:
    HelperFactory(service=service, user=resident)
    request = send_request(service=service, by=resident, fields=fields())
    assert request_parties(request, resident).may_accept is False
    with pytest.raises(ValidationError, match="cannot be its helper"):
        accept_request(help_request=request, helper=resident)
