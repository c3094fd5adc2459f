"""Curated links: writes, input rules, permissions, and the dead-link check."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from modules.info import services
from modules.info.linkcheck import LinkStatus, check_url
from modules.info.models import Link, LinkCategory
from tests.factories.info import LinkFactory


class _Handler(BaseHTTPRequestHandler):
    def _answer(self, with_body: bool) -> None:
        path = self.path
        if path == "/ok":
            code = 200
        elif path == "/no-head" and self.command == "HEAD":
            code = 405
        elif path == "/no-head":
            code = 200
        elif path == "/moved":
            self.send_response(302)
            self.send_header("Location", "/ok")
            self.end_headers()
            return
        elif path == "/to-file":
            self.send_response(302)
            self.send_header("Location", "file:///etc/passwd")
            self.end_headers()
            return
        else:
            code = 404
        self.send_response(code)
        self.send_header("Content-Length", "2")
        self.end_headers()
        if with_body:
            self.wfile.write(b"ok")

    def do_HEAD(self) -> None:
        self._answer(with_body=False)

    def do_GET(self) -> None:
        self._answer(with_body=True)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def local_site() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def allow_loopback(settings):  # type: ignore[no-untyped-def]
    settings.LQ_INFO_LINKCHECK_ALLOW_PRIVATE = True


def test_moderator_adds_a_link(moderator):
    link = services.create_link(
        actor=moderator,
        category=LinkCategory.WASTE,
        title="  Abfuhrkalender ",
        url="https://example.org/abfall",
        phone="07033 123-45",
    )
    assert link.title == "Abfuhrkalender"
    assert link.created_by == moderator
    assert Link.objects.filter(public_id=link.public_id).exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("title", "", "must not be empty"),
        ("title", "x" * 151, "at most 150"),
        ("title", 42, "must be text"),
        ("title", "Zeile\nzwei", "not allowed"),
        ("url", "javascript:alert(1)", "http://"),
        ("url", "ftp://example.org/", "http://"),
        ("url", "", "must not be empty"),
        ("category", "casino", "categories"),
        ("phone", "call me", "digits"),
        ("position", "first", "whole number"),
    ],
)
def test_bad_link_input_is_refused_and_changes_nothing(moderator, field, value, message):
    data = {
        "category": LinkCategory.CINEMA,
        "title": "Kino",
        "url": "https://example.org/kino",
        "phone": "",
        "position": 1,
    }
    data[field] = value
    with pytest.raises(ValidationError) as caught:
        services.create_link(actor=moderator, **data)
    assert message in " ".join(caught.value.message_dict[field])
    assert Link.objects.count() == 0


def test_markup_is_stored_as_text(moderator):
    link = services.create_link(
        actor=moderator,
        category="other",
        title="<script>alert(1)</script>",
        url="https://example.org/",
    )
    assert link.title == "<script>alert(1)</script>"


def test_only_staff_may_manage_links(resident, provider, representative, unverified_moderator):
    for person in (resident, provider, representative, unverified_moderator):
        with pytest.raises(PermissionDenied):
            services.create_link(actor=person, category="waste", title="X", url="https://e.org/")
    assert Link.objects.count() == 0


def test_changing_the_address_clears_the_dead_flag(moderator):
    link = LinkFactory(consecutive_failures=5, flagged_dead_at="2026-01-01T00:00:00Z")
    services.update_link(
        actor=moderator,
        link=link,
        category=link.category,
        title=link.title,
        url="https://new.example.org/",
    )
    link.refresh_from_db()
    assert link.flagged_dead_at is None
    assert link.consecutive_failures == 0


# --- check_url against a local server (never the network) ---


def test_a_working_address_is_ok(allow_loopback, local_site):
    assert check_url(f"{local_site}/ok") == LinkStatus(ok=True, status=200)


def test_a_missing_page_is_not_ok(allow_loopback, local_site):
    status = check_url(f"{local_site}/gone")
    assert not status.ok
    assert status.status == 404


def test_get_is_tried_when_head_is_refused(allow_loopback, local_site):
    assert check_url(f"{local_site}/no-head").ok


def test_redirects_are_followed(allow_loopback, local_site):
    assert check_url(f"{local_site}/moved").ok


def test_a_redirect_to_a_file_is_not_followed(allow_loopback, local_site):
    status = check_url(f"{local_site}/to-file")
    assert not status.ok


def test_loopback_is_refused_in_production(local_site):
    status = check_url(f"{local_site}/ok")
    assert not status.ok
    assert "not public" in status.error


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "ftp://example.org/", "gopher://x/", "http://"]
)
def test_other_schemes_are_never_fetched(url):
    status = check_url(url)
    assert not status.ok
    assert "only http and https" in status.error


def test_a_closed_port_is_not_reachable(allow_loopback):
    status = check_url("http://127.0.0.1:9/")
    assert not status.ok
    assert "not reachable" in status.error


# --- the periodic check ---


def _failing(url: str) -> LinkStatus:
    return LinkStatus(ok=False, status=500, error="HTTP 500")


def test_links_are_flagged_after_three_failures_and_moderators_mailed_once(
    moderator, town_admin, resident, django_capture_on_commit_callbacks
):
    dead = LinkFactory(title="Kino <b>Gloria</b>")
    alive = LinkFactory()

    def check(url: str) -> LinkStatus:
        return _failing(url) if url == dead.url else LinkStatus(ok=True, status=200)

    with django_capture_on_commit_callbacks(execute=True):
        for _run in range(2):
            assert services.check_all_links(check=check) == []
    assert mail.outbox == []

    with django_capture_on_commit_callbacks(execute=True):
        newly = services.check_all_links(check=check)
    assert [link.pk for link in newly] == [dead.pk]
    recipients = [m.to for m in mail.outbox]
    assert ["chef@example.org"] in recipients and ["mod@example.org"] in recipients
    assert [resident.email] not in recipients
    assert all(len(to) == 1 for to in recipients)  # one message per moderator, no shared list
    sent = len(mail.outbox)
    message = next(m for m in mail.outbox if m.to == ["mod@example.org"])
    assert "Kino <b>Gloria</b>" in message.body
    html = message.alternatives[0][0]
    assert "Kino &lt;b&gt;Gloria&lt;/b&gt;" in html
    assert "<b>Gloria" not in html

    with django_capture_on_commit_callbacks(execute=True):
        assert services.check_all_links(check=check) == []
    assert len(mail.outbox) == sent  # no second e-mail for a link already flagged
    dead.refresh_from_db()
    alive.refresh_from_db()
    assert dead.flagged_dead_at is not None and dead.consecutive_failures == 4
    assert alive.flagged_dead_at is None and alive.last_status == 200


def test_a_working_check_clears_the_flag(moderator):
    link = LinkFactory(consecutive_failures=3, flagged_dead_at="2026-01-01T00:00:00Z")
    services.check_all_links(check=lambda url: LinkStatus(ok=True, status=200))
    link.refresh_from_db()
    assert link.flagged_dead_at is None
    assert link.consecutive_failures == 0


def test_the_threshold_comes_from_the_town_settings(town_admin):
    services.update_info_settings(
        actor=town_admin,
        link_failures_before_flag=1,
        menu_max_days=14,
        event_weeks_ahead=8,
        nudge_providers=True,
    )
    link = LinkFactory()
    assert services.check_all_links(check=_failing) == [link]


def test_the_check_runs_against_a_real_local_server(allow_loopback, local_site, town_admin):
    services.update_info_settings(
        actor=town_admin,
        link_failures_before_flag=1,
        menu_max_days=14,
        event_weeks_ahead=8,
        nudge_providers=True,
    )
    good = LinkFactory(url=f"{local_site}/ok")
    bad = LinkFactory(url=f"{local_site}/gone")
    assert services.check_all_links() == [bad]
    good.refresh_from_db()
    assert good.last_status == 200 and good.last_checked_at is not None


def test_the_task_checks_links_of_its_town_only(in_town_a, town_b, moderator, local_site):
    from django_tenants.utils import tenant_context

    from modules.info.tasks import check_links

    link = LinkFactory(url=f"{local_site}/ok")  # loopback: refused in production
    check_links.delay()
    link.refresh_from_db()
    assert link.consecutive_failures == 1
    assert "not public" in link.last_error
    with tenant_context(town_b):
        assert Link.objects.count() == 0
