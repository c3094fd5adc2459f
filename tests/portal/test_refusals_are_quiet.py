"""Refused requests are plain 404s/403s with one warning line: a path out of a town's media
folder, a page the visitor may not see. No ERROR, no traceback in the log."""

from __future__ import annotations

import logging

import pytest
from django.conf import settings

from portal.accounts.models import User
from tests.conftest import TownClient
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

TRAVERSALS = [
    "/media/town_alpha/../town_beta/secret.txt",
    "/media/town_alpha/../../etc/passwd",
    "/media/town_alpha/%2e%2e/%2e%2e/etc/passwd",
    "/media/town_alpha/logos/../../../outside.txt",
]


@pytest.mark.parametrize("path", TRAVERSALS)
def test_a_path_out_of_the_media_folder_is_a_plain_404(
    client_a: TownClient, path: str, caplog: pytest.LogCaptureFixture
) -> None:
    # given a file next to the towns' folders
    root = settings.MEDIA_ROOT
    (root / "town_beta").mkdir(parents=True, exist_ok=True)
    (root / "town_beta" / "secret.txt").write_text("BETA-SECRET-CONTENT")
    (root / "outside.txt").write_text("OUTSIDE-CONTENT")
    # when a visitor asks for it through Alpha's media path
    with caplog.at_level(logging.INFO):
        response = client_a.get(path)
    # then it is the town's ordinary 404, logged without an error
    assert response.status_code == 404
    assert "BETA-SECRET" not in response.text and "OUTSIDE-CONTENT" not in response.text
    assert [r for r in caplog.records if r.levelno >= logging.ERROR] == []
    assert not any(r.name.startswith("django.security") for r in caplog.records)


def test_a_town_file_is_still_served(client_a: TownClient) -> None:
    folder = settings.MEDIA_ROOT / "town_alpha" / "logos"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "logo.txt").write_text("alpha logo")
    response = client_a.get("/media/town_alpha/logos/logo.txt")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"alpha logo"  # type: ignore[attr-defined]


def test_a_403_is_one_warning_line_without_traceback(
    public_client: TownClient, caplog: pytest.LogCaptureFixture
) -> None:
    # given a signed-in person who is not an operator
    user = User.objects.create_user("nobody@lq.example", PASSWORD, full_name="No Body")
    public_client.force_login(user)
    # when they open the operator site
    with caplog.at_level(logging.INFO, logger="django.request"):
        response = public_client.get("/")
    # then 403, logged once as a warning and without the exception attached
    assert response.status_code == 403
    records = [r for r in caplog.records if r.name == "django.request"]
    assert len(records) == 1
    assert records[0].levelname == "WARNING" and "Forbidden" in records[0].getMessage()
    assert records[0].exc_info is None and records[0].exc_text is None
    assert "Traceback" not in caplog.text


def test_server_errors_keep_their_traceback() -> None:
    # The filter quiets the visitor's errors only: a 500's record keeps its exception.
    from portal.log_filters import DropClientErrorTracebacks

    try:
        raise RuntimeError("boom")
    except RuntimeError:
        import sys

        record = logging.LogRecord(
            "django.request", logging.ERROR, __file__, 1, "err", None, sys.exc_info()
        )
    record.status_code = 500
    assert DropClientErrorTracebacks().filter(record) is True
    assert record.exc_info is not None and record.levelname == "ERROR"
