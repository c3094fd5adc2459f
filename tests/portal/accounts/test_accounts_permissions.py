"""participation_required, role_required, CanParticipate and HasRole: owner, member, outsider."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.test import RequestFactory
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.test import APIRequestFactory, force_authenticate

from portal.accounts.models import Role
from portal.accounts.permissions import (
    CanParticipate,
    CanParticipateOrReadOnly,
    HasRole,
    participation_required,
    role_required,
)
from portal.api.base import TownAPIView
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@participation_required
def post_something(request) -> HttpResponse:
    return HttpResponse("posted")


@role_required(Role.PROVIDER, Role.ORGANISATION)
def offers_desk(request) -> HttpResponse:
    return HttpResponse("offers")


@role_required(Role.MODERATOR)
def moderation_desk(request) -> HttpResponse:
    return HttpResponse("moderation")


def call(view, town, user):
    request = RequestFactory().get("/somewhere/", HTTP_HOST="alpha.lq.test")
    request.tenant = town
    request.user = user
    return view(request)


# --- participation_required -------------------------------------------------------------


def test_participating_user_passes(in_town_a) -> None:
    response = call(post_something, in_town_a, UserFactory())
    assert response.status_code == 200 and response.content == b"posted"


def test_pending_user_is_refused_with_an_explanation(in_town_a) -> None:
    response = call(post_something, in_town_a, UserFactory(pending=True))
    assert response.status_code == 403
    text = response.content.decode()
    assert "waiting for approval" in text and "posted" not in text


def test_unconfirmed_user_is_refused_and_offered_a_new_link(in_town_a) -> None:
    user = UserFactory(unverified=True)
    response = call(post_something, in_town_a, user)
    assert response.status_code == 403
    text = response.content.decode()
    assert "not confirmed yet" in text
    assert "/accounts/verify-again/" in text
    assert user.email in text


def test_blocked_user_is_refused(in_town_a) -> None:
    response = call(post_something, in_town_a, UserFactory(blocked=True))
    assert response.status_code == 403
    assert "blocked" in response.content.decode()


def test_anonymous_visitor_is_sent_to_login(in_town_a) -> None:
    response = call(post_something, in_town_a, AnonymousUser())
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/somewhere/"


# --- role_required ----------------------------------------------------------------------


def test_role_holder_passes(in_town_a) -> None:
    assert call(offers_desk, in_town_a, UserFactory(provider=True)).status_code == 200
    assert call(offers_desk, in_town_a, UserFactory(organisation=True)).status_code == 200


def test_user_without_the_role_is_refused_with_the_roles_named(in_town_a) -> None:
    response = call(offers_desk, in_town_a, UserFactory(helper=True))
    assert response.status_code == 403
    text = response.content.decode()
    assert "Provider (business)" in text and "Organisation representative" in text
    assert "offers" not in text.split("<main", 1)[1].split("Provider", 1)[0]


def test_town_admin_passes_moderator_checks(in_town_a) -> None:
    assert call(moderation_desk, in_town_a, UserFactory(town_admin=True)).status_code == 200
    assert call(moderation_desk, in_town_a, UserFactory(moderator=True)).status_code == 200
    assert call(moderation_desk, in_town_a, UserFactory()).status_code == 403


def test_blocked_role_holder_is_refused(in_town_a) -> None:
    response = call(moderation_desk, in_town_a, UserFactory(moderator=True, blocked=True))
    assert response.status_code == 403


def test_role_required_anonymous_goes_to_login(in_town_a) -> None:
    assert call(moderation_desk, in_town_a, AnonymousUser()).status_code == 302


def test_role_required_refuses_unknown_roles_at_import() -> None:
    with pytest.raises(ValueError):
        role_required("mayor")
    with pytest.raises(ValueError):
        role_required()
    with pytest.raises(ValueError):
        HasRole("mayor")


# --- DRF permission classes -------------------------------------------------------------


class PostView(TownAPIView):
    permission_classes = [CanParticipate]

    def post(self, request: Request) -> Response:
        return Response({"ok": True}, status=201)


class ReadMostlyView(TownAPIView):
    permission_classes = [CanParticipateOrReadOnly]

    def get(self, request: Request) -> Response:
        return Response({"items": []})

    def post(self, request: Request) -> Response:
        return Response({"ok": True}, status=201)


class ModeratorView(TownAPIView):
    permission_classes = [HasRole(Role.MODERATOR)]

    def get(self, request: Request) -> Response:
        return Response({"ok": True})


def api(view_class, town, user, method: str = "post"):
    request = getattr(APIRequestFactory(), method)("/api/v1/x/", HTTP_HOST="alpha.lq.test")
    request.tenant = town
    if user is not None:
        force_authenticate(request, user=user)
    return view_class.as_view()(request)


def test_api_lets_a_participating_user_post(in_town_a) -> None:
    response = api(PostView, in_town_a, UserFactory())
    assert response.status_code == 201


@pytest.mark.parametrize(
    ("trait", "code", "words"),
    [
        ("pending", "participation_pending", "waiting for approval"),
        ("unverified", "participation_unverified", "not confirmed"),
        ("blocked", "participation_blocked", "blocked"),
    ],
)
def test_api_refuses_users_who_cannot_take_part_and_says_why(
    in_town_a, trait: str, code: str, words: str
) -> None:
    response = api(PostView, in_town_a, UserFactory(**{trait: True}))
    assert response.status_code == 403
    error = response.data["error"]
    assert error["code"] == code
    assert words in error["message"]


def test_api_refuses_anonymous_visitors(in_town_a) -> None:
    response = api(PostView, in_town_a, None)
    assert response.status_code in (401, 403)
    assert response.data["error"]["code"] == "not_authenticated"


def test_read_only_variant_lets_everyone_read_but_not_write(in_town_a) -> None:
    pending = UserFactory(pending=True)
    assert api(ReadMostlyView, in_town_a, pending, "get").status_code == 200
    assert api(ReadMostlyView, in_town_a, None, "get").status_code == 200
    assert api(ReadMostlyView, in_town_a, pending, "post").status_code == 403
    assert api(ReadMostlyView, in_town_a, UserFactory(), "post").status_code == 201


def test_has_role_lets_holders_through_and_names_the_role_otherwise(in_town_a) -> None:
    assert api(ModeratorView, in_town_a, UserFactory(moderator=True), "get").status_code == 200
    assert api(ModeratorView, in_town_a, UserFactory(town_admin=True), "get").status_code == 200
    refused = api(ModeratorView, in_town_a, UserFactory(helper=True), "get")
    assert refused.status_code == 403
    assert refused.data["error"]["code"] == "role_required"
    assert "Moderator (network manager)" in refused.data["error"]["message"]
    blocked = api(ModeratorView, in_town_a, UserFactory(moderator=True, blocked=True), "get")
    assert blocked.status_code == 403
