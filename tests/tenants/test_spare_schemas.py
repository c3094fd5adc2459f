"""Spare town schemas (tenants.spare_schemas): copies of the template made ahead of time; a new
town takes one by renaming it, and only a spare of the template's current shape."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection, transaction
from django_tenants.utils import schema_exists

from portal.operators.services import provision_town
from portal.operators.tasks import top_up_spare_schemas
from tenants import catalog, services
from tenants.spare_schemas import spare_schemas, spare_tag, take_spare, top_up_spares

pytestmark = pytest.mark.django_db

TEMPLATE = "lq_template"


def test_a_new_town_takes_a_spare_and_is_the_template(towns: Any, settings: Any) -> None:
    # given two spares of the current template
    settings.LQ_SPARE_SCHEMAS = 2
    assert top_up_spares(TEMPLATE) == (2, 0)
    spares = spare_schemas()
    assert len(spares) == 2
    assert all(name.startswith(f"lq_spare_{spare_tag(TEMPLATE)}_") for name in spares)
    # when a town is provisioned
    town = provision_town(slug="ersatz", name="Ersatz", admin_email="chef@ersatz.example")
    # then it took the first spare (renamed) and the other is left
    assert spare_schemas() == spares[1:]
    assert not schema_exists(spares[0])
    # and its structure is the template's, with the template's rows
    template = catalog.describe_schema(TEMPLATE).comparable()
    own = catalog.describe_schema(town.schema_name).comparable()
    assert own["tables"] == template["tables"] and own["functions"] == template["functions"]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {town.schema_name}.django_migrations")  # noqa: S608
        assert cursor.fetchone()[0] > 30
    # and a top-up makes the one that is missing
    assert top_up_spares(TEMPLATE) == (1, 0)
    assert len(spare_schemas()) == 2


def test_a_spare_of_an_older_template_is_never_taken_and_is_dropped(
    towns: Any, settings: Any
) -> None:
    # given a spare, then a change to the rows a copy takes from the template
    assert top_up_spares(TEMPLATE, 1) == (1, 0)
    (old,) = spare_schemas()
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {TEMPLATE}.django_content_type SET model = model || '_x' "  # noqa: S608
            "WHERE id = (SELECT min(id) FROM lq_template.django_content_type)"
        )
    # then it is not taken
    with transaction.atomic():
        assert take_spare(TEMPLATE, "scratch_never") is False
    assert not schema_exists("scratch_never")
    # and a top-up replaces it by a copy of the template as it is now
    assert top_up_spares(TEMPLATE, 1) == (1, 1)
    (new,) = spare_schemas()
    assert new != old and not schema_exists(old)
    with transaction.atomic():
        assert take_spare(TEMPLATE, "scratch_taken") is True
    with connection.cursor() as cursor:
        cursor.execute("SELECT model FROM scratch_taken.django_content_type ORDER BY id LIMIT 1")
        assert cursor.fetchone()[0].endswith("_x")


def test_a_failed_provisioning_gives_the_spare_back(towns: Any) -> None:
    # given a spare
    top_up_spares(TEMPLATE, 1)
    (spare,) = spare_schemas()

    def fail(_town: Any) -> None:
        raise ValidationError("populate failed")

    # when the town's first rows fail
    with pytest.raises(ValidationError):
        services.create_town(slug="halb", name="Halb", populate=fail)
    # then the spare is still there, and no schema of the town
    assert spare_schemas() == [spare]
    assert not schema_exists("town_halb")


def test_none_are_kept_when_switched_off_and_the_deploy_command_tops_up(
    towns: Any, settings: Any, capsys: Any
) -> None:
    # switched off (the test settings): the task makes none
    settings.LQ_SPARE_SCHEMAS = 0
    assert top_up_spare_schemas.apply().get() == 0
    assert spare_schemas() == []
    # a new town without a spare is copied as before
    provision_town(slug="ohne", name="Ohne", admin_email="chef@ohne.example")
    assert schema_exists("town_ohne")
    # the deploy's `town ensure-template` tops up to the setting
    settings.LQ_SPARE_SCHEMAS = 1
    call_command("town", "ensure-template")
    assert "Spare town schemas: 1 made, 0 of an older template dropped." in capsys.readouterr().out
    assert len(spare_schemas()) == 1
    assert top_up_spare_schemas.apply().get() == 0  # (full already)
