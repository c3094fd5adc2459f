"""`manage.py town …`: the same service as the operator site, with plain output."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django_tenants.utils import schema_exists, tenant_context

from portal.accounts.models import User
from portal.operators.models import TownAuditEntry
from tenants.models import Domain, Town

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("town", *args, stdout=out)
    return out.getvalue()


def test_create_provisions_and_prints_the_set_password_hint(
    towns, django_capture_on_commit_callbacks, mailoutbox
) -> None:
    # when a town is created from the command line
    with django_capture_on_commit_callbacks(execute=True):
        output = run(
            "create",
            "gamma",
            "--name",
            "Gamma",
            "--admin-email",
            "chief@gamma.example",
            "--postcodes",
            "71263, 71265",
            "--districts",
            "Nord,Süd",
            "--language",
            "en",
        )
    # then it exists with its settings, and the output says where and how to log in
    town = Town.objects.get(slug="gamma")
    assert schema_exists(town.schema_name)
    assert town.postcodes == ["71263", "71265"] and town.districts == ["Nord", "Süd"]
    assert town.default_language == "en"
    assert Domain.objects.filter(tenant=town, domain="gamma.lq.test").exists()
    assert "http://gamma.lq.test/" in output
    assert "chief@gamma.example" in output and "password" in output
    assert "http://gamma.lq.test/accounts/password/reset/" in output
    with tenant_context(town):
        assert User.objects.get(email="chief@gamma.example").is_town_admin
    assert mailoutbox[0].to == ["chief@gamma.example"]


@pytest.mark.parametrize(
    ("slug", "words"),
    [
        ("www", "reserved"),
        ("alpha", "already taken"),
        ("Bad_Slug", "lower-case"),
        ("a" * 41, "at most 40"),
    ],
)
def test_create_with_a_bad_slug_fails_with_the_reason(towns, slug: str, words: str) -> None:
    count = Town.objects.count()
    with pytest.raises(CommandError, match=words):
        run("create", slug, "--name", "Gamma", "--admin-email", "a@gamma.example")
    assert Town.objects.count() == count


def test_create_with_a_bad_email_fails_with_the_reason(towns) -> None:
    with pytest.raises(CommandError, match="not a valid e-mail address"):
        run("create", "gamma", "--name", "Gamma", "--admin-email", "nobody")
    assert not Town.objects.filter(slug="gamma").exists()


def test_suspend_reactivate_archive_restore_with_reasons_on_record(towns, town_a: Town) -> None:
    assert "suspended" in run("suspend", "alpha", "--reason", "Unpaid invoice")
    assert Town.objects.get(slug="alpha").status == Town.Status.SUSPENDED
    assert "active" in run("reactivate", "alpha", "--reason", "Paid")
    assert Town.objects.get(slug="alpha").status == Town.Status.ACTIVE
    assert "archived" in run("archive", "alpha", "--reason", "Contract ended")
    assert Town.objects.get(slug="alpha").status == Town.Status.ARCHIVED
    with pytest.raises(CommandError, match="Only a suspended town can be reactivated"):
        run("reactivate", "alpha", "--reason", "Oops")
    assert "active" in run("restore", "alpha", "--reason", "New contract")
    assert Town.objects.get(slug="alpha").status == Town.Status.ACTIVE
    entries = TownAuditEntry.objects.filter(town=town_a).order_by("pk")
    assert [(e.action, e.reason, e.operator) for e in entries] == [
        ("suspended", "Unpaid invoice", None),
        ("reactivated", "Paid", None),
        ("archived", "Contract ended", None),
        ("restored", "New contract", None),
    ]


def test_a_lifecycle_change_needs_a_reason(towns) -> None:
    with pytest.raises(CommandError, match="reason"):
        run("suspend", "alpha")
    with pytest.raises(CommandError, match="Please give a reason"):
        run("suspend", "alpha", "--reason", "   ")
    assert Town.objects.get(slug="alpha").status == Town.Status.ACTIVE
    assert not TownAuditEntry.objects.exists()


def test_unknown_town_is_an_error(towns) -> None:
    with pytest.raises(CommandError, match="No town"):
        run("suspend", "nowhere", "--reason", "x")


def test_the_template_is_not_a_town_for_the_command(towns) -> None:
    with pytest.raises(CommandError, match="No town"):
        run("suspend", "template", "--reason", "x")


def test_list_shows_towns_with_status_and_users(towns, town_b: Town) -> None:
    run("suspend", "beta", "--reason", "x")
    lines = run("list").splitlines()
    alpha = next(line for line in lines if line.startswith("alpha "))
    beta = next(line for line in lines if line.startswith("beta "))
    assert "active" in alpha and "Alpha" in alpha and "users" in alpha
    assert "suspended" in beta
    assert not any(line.startswith(("template ", "public ")) for line in lines)


def test_ensure_template_is_idempotent(towns) -> None:
    assert "lq_template" in run("ensure-template")
    assert "lq_template" in run("ensure-template")
    assert Town.objects.filter(is_template=True).count() == 1


def test_import_creates_each_good_row_and_names_the_refused_lines(town_a, tmp_path) -> None:
    # given a file with two good towns, a bad administrator address and a taken address
    path = tmp_path / "towns.csv"
    path.write_text(
        "slug,name,admin_email,postcodes,language\n"
        "nord,Nordheim,chef@nord.example,71001;71002,en\n"
        "sued,Südheim,kein-mail,,\n"
        f"{town_a.slug},Doppelt,chef@doppelt.example,,\n"
        "ost,Osthausen,chef@ost.example,,\n",
        encoding="utf-8",
    )
    out, err = StringIO(), StringIO()
    # when it is imported / then the refused rows are reported by line and the run fails
    with pytest.raises(CommandError, match="2 rows were refused"):
        call_command("town", "import", str(path), stdout=out, stderr=err)
    assert "line 3: sued:" in err.getvalue() and "not a valid e-mail" in err.getvalue()
    assert f"line 4: {town_a.slug}:" in err.getvalue() and "taken" in err.getvalue()
    # and the good rows are towns with their settings
    nord = Town.objects.get(slug="nord")
    assert nord.postcodes == ["71001", "71002"] and nord.default_language == "en"
    assert schema_exists(nord.schema_name) and schema_exists("town_ost")
    assert not Town.objects.filter(slug="sued").exists()
    assert "2 towns created, 2 refused." in out.getvalue()
    # when the file is fixed and run again / then only the missing town is created
    path.write_text(
        "slug,name,admin_email\nnord,Nordheim,chef@nord.example\nsued,Südheim,chef@sued.example\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError, match="1 rows were refused"):
        call_command("town", "import", str(path), stdout=StringIO(), stderr=StringIO())
    assert Town.objects.filter(slug="sued").exists()


def test_import_refuses_a_file_without_the_needed_columns(towns, tmp_path) -> None:
    path = tmp_path / "towns.csv"
    path.write_text("slug,title\nnord,Nordheim\n", encoding="utf-8")
    with pytest.raises(CommandError, match="admin_email, name"):
        run("import", str(path))
    assert not Town.objects.filter(slug="nord").exists()


def test_migrate_check_passes_or_fails_naming_what_is_pending(town_a: Town) -> None:
    # given every schema migrated / when checked / then nothing is pending
    assert " 0 lack migrations, 0 have no schema" in run("migrate", "--check")
    # given town A without the record of a migration
    with connection.cursor() as cursor:
        cursor.execute(
            f'DELETE FROM "{town_a.schema_name}".django_migrations '  # noqa: S608
            "WHERE app = 'notifications' AND name = '0002_notification_target'"
        )
    # when checked / then the check fails (status 1) and says what is missing
    out = StringIO()
    with pytest.raises(CommandError) as checked:
        call_command("town", "migrate", "--check", stdout=out)
    assert checked.value.returncode == 1
    assert "1 lack migrations" in out.getvalue()
    assert "1 schemas lack notifications.0002_notification_target" in out.getvalue()
