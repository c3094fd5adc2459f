"""The operator's outbox shows when a mail was sent in German local time, with the zone."""

from __future__ import annotations

from email.message import EmailMessage

from tests.conftest import TownClient


def _write_mail(folder, name: str, date: str) -> None:
    message = EmailMessage()
    message["From"] = "portal@alpha.example"
    message["To"] = "erika@example.org"
    message["Subject"] = "Willkommen"
    message["Date"] = date
    message.set_content("Hallo")
    (folder / name).write_bytes(message.as_bytes())


def test_the_outbox_shows_berlin_time_with_the_zone(
    operator_client: TownClient, settings, tmp_path
) -> None:
    # given two mails written at 23:30 UTC in winter and 10:15 UTC in summer
    settings.EMAIL_BACKEND = "portal.mail.OutboxBackend"
    settings.LQ_OUTBOX_DIR = tmp_path
    _write_mail(tmp_path, "1.eml", "Wed, 02 Dec 2026 23:30:00 +0000")
    _write_mail(tmp_path, "2.eml", "Mon, 01 Jun 2026 10:15:00 +0000")
    # when the operator opens the outbox and one mail
    listing = operator_client.get("/outbox/").content.decode()
    single = operator_client.get("/outbox/1.eml/").content.decode()
    # then the times are local (next day 00:30 CET, 12:15 CEST), not the raw UTC header
    assert "00:30 CET" in listing and "12:15 CEST" in listing
    assert "+0000" not in listing
    assert "00:30 CET" in single
