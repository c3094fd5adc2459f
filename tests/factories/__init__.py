"""factory_boy factories. They write into whatever schema the connection is set to, so use
them inside `in_town_a` / `in_town_b` (or tenant_context).

Traits of UserFactory: `pending` (waits for approval), `unverified` (e-mail not confirmed),
`blocked`, `deleted`, `moderator`, `town_admin`, `provider`, `organisation`, `helper`.
"""

from __future__ import annotations

import factory
from django.utils import timezone

from portal.accounts.models import Role, User

PASSWORD = "correct-horse-battery"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    # Lower case, as registration stores addresses.
    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Faker("name", locale="de_DE")
    roles = factory.LazyFunction(lambda: [Role.RESIDENT])
    status = User.Status.ACTIVE
    # The test towns speak English (see settings/test.py); so do their people.
    language = "en"
    email_verified_at = factory.LazyFunction(timezone.now)
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    class Params:
        pending = factory.Trait(status=User.Status.PENDING)
        unverified = factory.Trait(email_verified_at=None)
        blocked = factory.Trait(status=User.Status.BLOCKED)
        moderator = factory.Trait(roles=[Role.RESIDENT, Role.MODERATOR])
        town_admin = factory.Trait(roles=[Role.RESIDENT, Role.TOWN_ADMIN])
        provider = factory.Trait(roles=[Role.RESIDENT, Role.PROVIDER])
        organisation = factory.Trait(roles=[Role.RESIDENT, Role.ORGANISATION])
        helper = factory.Trait(roles=[Role.RESIDENT, Role.HELPER])
        committee = factory.Trait(roles=[Role.RESIDENT, Role.COMMITTEE])
        committee_chair = factory.Trait(roles=[Role.RESIDENT, Role.COMMITTEE_CHAIR])
        poll_worker = factory.Trait(roles=[Role.RESIDENT, Role.POLL_WORKER])
        # Marked deleted but otherwise like anyone: shows that lists leave deleted rows out
        # by `User.objects.people()` itself, not by some other field of the anonymised row.
        deleted = factory.Trait(deleted_at=factory.LazyFunction(timezone.now))

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):  # type: ignore[no-untyped-def]
        if create:
            instance.save()
