"""provision_town: a clone of the current template, with a domain, an administrator and a
set-password e-mail, or (on bad input or a failure midway) nothing at all."""

from __future__ import annotations

import re

import pytest
from django.apps import apps as django_apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django_tenants.migration_executors.standard import StandardExecutor
from django_tenants.utils import schema_exists, tenant_context

from portal.accounts.models import Role, User
from portal.operators.services import provision_town
from tenants import services
from tenants.models import Domain, Town

pytestmark = pytest.mark.django_db

TEMPLATE = "lq_template"


def tables(schema: str) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = %s "
            "ORDER BY table_name",
            [schema],
        )
        return [row[0] for row in cursor.fetchall()]


def migration_rows(schema: str) -> list[tuple[str, str, object]]:
    with connection.cursor() as cursor:
        cursor.execute(
            f'SELECT app, name, applied FROM "{schema}".django_migrations ORDER BY app, name'  # noqa: S608
        )
        return list(cursor.fetchall())


def assert_nothing_left(slug: str, *, admin_email: str = "") -> None:
    assert not Town.objects.filter(slug=slug).exists()
    assert not Domain.objects.filter(domain=services.town_host(slug)).exists()
    assert not schema_exists(services.schema_name_for(slug))
    if admin_email:
        assert not User.objects.filter(email__iexact=admin_email).exists()


def test_provisioning_clones_the_template_and_invites_the_admin(
    towns, django_capture_on_commit_callbacks, mailoutbox
) -> None:
    # given the migrated template / when a town is provisioned
    with django_capture_on_commit_callbacks(execute=True):
        town = provision_town(
            slug="Gamma", name="  Gamma  am  See ", admin_email="Chief@Gamma.example"
        )
    # then it has the template's tables and, copied row by row, its migration records
    assert town.schema_name == "town_gamma" and town.name == "Gamma am See"
    assert tables("town_gamma") == tables(TEMPLATE)
    assert "accounts_user" in tables("town_gamma")
    assert migration_rows("town_gamma") == migration_rows(TEMPLATE)
    assert Domain.objects.get(tenant=town).domain == "gamma.lq.test"
    # and its first administrator exists in the town (not in the public schema)
    with tenant_context(town):
        admin = User.objects.get()
        assert admin.email == "chief@gamma.example"
        assert Role.TOWN_ADMIN in admin.roles and not admin.has_usable_password()
    assert not User.objects.filter(email="chief@gamma.example").exists()
    # and was e-mailed a set-password link on the town's host
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["chief@gamma.example"]
    assert "Gamma am See" in message.subject
    link = re.search(
        r"http://gamma\.lq\.test/accounts/password/set/[0-9a-f-]{36}/\S+/", message.body
    )
    assert link is not None, message.body
    assert link.group(0) in message.alternatives[0][0]


def test_new_town_is_served_on_its_host(towns, client_a) -> None:
    # given a freshly provisioned town
    provision_town(slug="gamma", name="Gamma", admin_email="a@gamma.example")
    # when its host is visited / then its portal answers with its name
    response = client_a.get("/", HTTP_HOST="gamma.lq.test")
    assert response.status_code == 200
    assert "Gamma" in response.text and "Alpha" not in response.text


def test_every_migrate_schemas_run_includes_the_template(towns, monkeypatch) -> None:
    # given the template row exists (it has no domain)
    assert Town.objects.get(schema_name=TEMPLATE).is_template
    assert not Domain.objects.filter(tenant__schema_name=TEMPLATE).exists()
    seen: list[str] = []

    def record(self: StandardExecutor, tenants: object = None) -> None:
        seen.extend(tenants or [])  # type: ignore[call-overload]

    monkeypatch.setattr(StandardExecutor, "run_migrations", record)
    # when a deploy migrates the towns
    call_command(
        "migrate_schemas", tenant=True, executor="standard", interactive=False, verbosity=0
    )
    # then the template is migrated with them, and the public schema is not
    assert TEMPLATE in seen
    assert {"town_alpha", "town_beta"} <= set(seen)
    assert "public" not in seen


def test_a_stale_template_is_migrated_before_it_is_cloned(towns) -> None:
    # given a template that misses a migration (as after an interrupted deploy)
    template = Town.objects.get(schema_name=TEMPLATE)
    assert services.unapplied_template_migrations(template) == []
    # a town app's migration that nothing depends on (removing one that another app's
    # migration depends on would make the recorded history inconsistent, not merely behind)
    town_apps = {
        config.label
        for config in django_apps.get_app_configs()
        if config.name in settings.TENANT_APPS
    }
    app_label, latest = min(
        (app, name) for app, name in MigrationLoader(None).graph.leaf_nodes() if app in town_apps
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {TEMPLATE}.django_migrations "  # noqa: S608
            "WHERE app = %s AND name = %s",
            [app_label, latest],
        )
    assert services.unapplied_template_migrations(template) == [f"{app_label}.{latest}"]
    # when a town is provisioned
    provision_town(slug="gamma", name="Gamma", admin_email="a@gamma.example")
    # then the template was brought up to date first and the town records the migration
    assert services.unapplied_template_migrations(template) == []
    assert (app_label, latest) in {
        (app, name) for app, name, _applied in migration_rows("town_gamma")
    }


@pytest.mark.parametrize(
    ("slug", "code", "words"),
    [
        ("", "empty", "must not be empty"),
        ("   ", "empty", "must not be empty"),
        ("www", "reserved", "reserved"),
        ("api", "reserved", "reserved"),
        ("admin", "reserved", "reserved"),
        ("static", "reserved", "reserved"),
        ("media", "reserved", "reserved"),
        ("public", "reserved", "reserved"),
        ("template", "reserved", "reserved"),
        ("mail", "reserved", "reserved"),
        ("alpha", "taken", "already taken"),
        ("weil_der_stadt", "not_dns_safe", "lower-case letters"),
        ("weil der stadt", "not_dns_safe", "lower-case letters"),
        ("-gamma", "not_dns_safe", "start and end"),
        ("gamma-", "not_dns_safe", "start and end"),
        ("xn--mnchen-3ya", "not_dns_safe", "single hyphens"),
        ("münchen", "not_dns_safe", "lower-case letters"),
        ("<script>", "not_dns_safe", "lower-case letters"),
        ("a" * 41, "too_long", "at most 40 characters"),
    ],
)
def test_bad_slugs_are_refused_and_leave_nothing(towns, slug: str, code: str, words: str) -> None:
    # given the towns that exist / when a bad address is used
    before = (Town.objects.count(), Domain.objects.count())
    with pytest.raises(ValidationError) as caught:
        provision_town(slug=slug, name="Gamma", admin_email="a@gamma.example")
    # then the error names the problem and nothing was created
    assert caught.value.code == code
    assert words in " ".join(caught.value.messages)
    assert (Town.objects.count(), Domain.objects.count()) == before
    assert_nothing_left("gamma", admin_email="a@gamma.example")
    if code != "taken" and slug.strip():
        assert not schema_exists(services.schema_name_for(slug.strip().lower()))


@pytest.mark.parametrize("email", ["", "not-an-address", "a@", "a b@example.org", "<b>@x.y"])
def test_invalid_admin_email_is_refused_and_leaves_nothing(towns, email: str) -> None:
    with pytest.raises(ValidationError) as caught:
        provision_town(slug="gamma", name="Gamma", admin_email=email)
    assert caught.value.code == "admin_email"
    assert "not a valid e-mail address" in caught.value.messages[0]
    assert_nothing_left("gamma")


def test_empty_name_is_refused(towns) -> None:
    with pytest.raises(ValidationError) as caught:
        provision_town(slug="gamma", name="  ", admin_email="a@gamma.example")
    assert caught.value.code == "empty_name"
    assert_nothing_left("gamma")


def test_bad_settings_are_refused_and_leave_nothing(towns) -> None:
    with pytest.raises(ValidationError) as caught:
        provision_town(
            slug="gamma", name="Gamma", admin_email="a@gamma.example", postcodes=["1234x"]
        )
    assert "postcodes" in caught.value.message_dict
    assert_nothing_left("gamma", admin_email="a@gamma.example")


def test_a_schema_without_a_town_is_reported_not_reused(towns) -> None:
    # given a schema left by hand where the new town's schema would go
    with connection.cursor() as cursor:
        cursor.execute("CREATE SCHEMA town_gamma")
    # when the town is provisioned / then the operator is told, and nothing else is made
    with pytest.raises(ValidationError) as caught:
        provision_town(slug="gamma", name="Gamma", admin_email="a@gamma.example")
    assert caught.value.code == "orphan_schema"
    assert "town_gamma" in caught.value.messages[0]
    assert not Town.objects.filter(slug="gamma").exists()


def test_failure_midway_leaves_nothing_and_a_rerun_succeeds(
    towns, monkeypatch, django_capture_on_commit_callbacks, mailoutbox
) -> None:
    # given the administrator cannot be created (the last step of provisioning)
    def explode(**kwargs: object) -> None:
        raise RuntimeError("interrupted")

    monkeypatch.setattr("portal.operators.services.create_town_admin", explode)
    # when provisioning runs / then it fails and leaves no schema, row, domain or user
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        provision_town(slug="gamma", name="Gamma", admin_email="a@gamma.example")
    assert_nothing_left("gamma", admin_email="a@gamma.example")
    assert mailoutbox == []
    # when it is run again / then it succeeds
    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        town = provision_town(slug="gamma", name="Gamma", admin_email="a@gamma.example")
    assert schema_exists(town.schema_name)
    with tenant_context(town):
        assert User.objects.get().is_town_admin
    assert len(mailoutbox) == 1


@pytest.mark.django_db(transaction=True)
def test_committed_failure_midway_leaves_nothing_and_a_rerun_succeeds(towns, monkeypatch) -> None:
    """The same with real commits: provisioning's own transaction is the outermost one."""
    try:
        monkeypatch.setattr(
            "portal.operators.services.create_town_admin",
            lambda **kwargs: (_ for _ in ()).throw(RuntimeError("interrupted")),
        )
        with pytest.raises(RuntimeError):
            provision_town(slug="gamma", name="Gamma", admin_email="a@gamma.example")
        assert_nothing_left("gamma")
        monkeypatch.undo()
        town = provision_town(slug="gamma", name="Gamma", admin_email="a@gamma.example")
        assert schema_exists(town.schema_name)
        assert Domain.objects.filter(tenant=town).count() == 1
    finally:
        for town in Town.objects.filter(slug="gamma"):
            Domain.objects.filter(tenant=town).delete()
            town.delete(force_drop=True)
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA IF EXISTS town_gamma CASCADE")


def test_lifecycle_suspend_reactivate_archive(towns, town_a: Town) -> None:
    services.suspend_town(town=town_a)
    assert Town.objects.get(pk=town_a.pk).status == Town.Status.SUSPENDED
    services.reactivate_town(town=town_a)
    assert Town.objects.get(pk=town_a.pk).status == Town.Status.ACTIVE
    services.archive_town(town=town_a)
    assert Town.objects.get(pk=town_a.pk).status == Town.Status.ARCHIVED
    with pytest.raises(ValidationError, match="archived town cannot be reactivated"):
        services.reactivate_town(town=town_a)
    with pytest.raises(ValidationError, match="archived town cannot be suspended"):
        services.suspend_town(town=town_a)


def test_the_template_and_the_public_site_have_no_lifecycle(towns) -> None:
    for schema in (TEMPLATE, "public"):
        with pytest.raises(ValidationError, match="Only towns"):
            services.suspend_town(town=Town.objects.get(schema_name=schema))


def test_saving_a_town_row_creates_no_schema(towns) -> None:
    # Schemas come from provision_town only, never as a side effect of a bare save.
    Town.objects.create(schema_name="town_gamma", slug="gamma", name="Gamma")
    assert not schema_exists("town_gamma")
