"""A transactional test truncates the public tables; the session's towns must come back."""

import pytest

from tenants.models import Town


@pytest.mark.django_db(transaction=True)
def test_transactional_test_sees_the_towns(towns) -> None:
    assert Town.objects.filter(slug__in=["alpha", "beta"]).count() == 2


def test_towns_are_back_after_the_flush(client_a, client_b) -> None:
    assert Town.objects.filter(slug__in=["alpha", "beta"]).count() == 2
    assert client_a.get("/").status_code == 200
    assert client_b.get("/").status_code == 200
