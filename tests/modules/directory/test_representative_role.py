"""Defect 7: the organisation role goes when a person no longer represents a public
organisation — on leaving, on removal, on rejection — audited; it stays while the person
still represents another public organisation."""

from __future__ import annotations

import pytest

from modules.directory import services
from modules.directory.models import Organisation, Representative
from portal.accounts.models import AuditEntry, Role
from tests.factories import UserFactory
from tests.factories.directory import OrganisationFactory

pytestmark = pytest.mark.django_db


def _roles(user):
    user.refresh_from_db()
    return set(user.roles)


def test_removed_representative_loses_the_role(cafe, owner):
    # given a second representative who holds the role through the café only
    second = UserFactory(roles=[Role.RESIDENT, Role.ORGANISATION])
    link = Representative.objects.create(organisation=cafe, user=second)
    # when the owner removes them
    services.remove_representative(organisation=cafe, representative=link, removed_by=owner)
    # then the role is taken back, audited, and the owner keeps it
    assert Role.ORGANISATION not in _roles(second)
    audit = AuditEntry.objects.get(action="role_revoked", subject=second)
    assert audit.actor == owner and audit.detail["role"] == Role.ORGANISATION
    assert "repair-cafe" in audit.detail["reason"]
    assert Role.ORGANISATION in _roles(owner)


def test_representative_who_leaves_loses_the_role(cafe, owner):
    second = UserFactory(roles=[Role.RESIDENT, Role.ORGANISATION])
    link = Representative.objects.create(organisation=cafe, user=second)
    services.remove_representative(organisation=cafe, representative=link, removed_by=second)
    assert Role.ORGANISATION not in _roles(second)


def test_role_stays_while_another_public_organisation_is_represented(cafe, owner):
    second = UserFactory(roles=[Role.RESIDENT, Role.ORGANISATION])
    link = Representative.objects.create(organisation=cafe, user=second)
    Representative.objects.create(organisation=OrganisationFactory(), user=second)
    services.remove_representative(organisation=cafe, representative=link, removed_by=owner)
    assert Role.ORGANISATION in _roles(second)
    assert not AuditEntry.objects.filter(action="role_revoked").exists()


def test_a_waiting_organisation_does_not_keep_the_role_alive(cafe, owner):
    second = UserFactory(roles=[Role.RESIDENT, Role.ORGANISATION])
    link = Representative.objects.create(organisation=cafe, user=second)
    Representative.objects.create(
        organisation=OrganisationFactory(status=Organisation.Status.PENDING), user=second
    )
    services.remove_representative(organisation=cafe, representative=link, removed_by=owner)
    assert Role.ORGANISATION not in _roles(second)


def test_rejection_takes_the_role_back(moderator):
    # given a waiting organisation whose representative holds the role (e.g. from before)
    pending = OrganisationFactory(status=Organisation.Status.PENDING, slug="wartet")
    person = UserFactory(roles=[Role.RESIDENT, Role.ORGANISATION])
    kept = UserFactory(roles=[Role.RESIDENT, Role.ORGANISATION])
    Representative.objects.create(organisation=pending, user=person)
    Representative.objects.create(organisation=pending, user=kept)
    Representative.objects.create(organisation=OrganisationFactory(), user=kept)
    # when a moderator rejects it
    services.reject_organisation(
        organisation=pending, rejected_by=moderator, reason="Bitte ergänzen"
    )
    # then the role goes, audited with the moderator — unless another public one remains
    assert Role.ORGANISATION not in _roles(person)
    assert AuditEntry.objects.get(action="role_revoked", subject=person).actor == moderator
    assert Role.ORGANISATION in _roles(kept)
