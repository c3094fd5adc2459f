"""The database itself refuses two accounts whose addresses differ only in case."""

import pytest
from django.db import IntegrityError, transaction

from portal.accounts.models import User


def test_same_address_in_other_case_is_refused_by_the_database(in_town_a) -> None:
    User.objects.create(email="erika@example.org", full_name="Erika")
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(email="Erika@Example.org", full_name="Erika again")
    assert User.objects.filter(email__iexact="erika@example.org").count() == 1
