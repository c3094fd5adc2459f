"""Background work: a town task runs in the schema of the town that queued it (eagerly and
in a real worker), never in the public schema; e-mail carries the town's branding; Sentry is
off without a DSN and tags errors with the town's schema when on."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import uuid
from pathlib import Path
from typing import Any

import pytest
import sentry_sdk
from celery.contrib.testing.worker import start_worker
from celery.signals import task_failure
from django.conf import settings
from django.db import connection
from django_tenants.utils import schema_context, tenant_context
from sentry_sdk.envelope import Envelope
from sentry_sdk.transport import Transport

from portal.background import (
    PublicTask,
    TaskWithoutTown,
    TownTask,
    enqueue_on_commit,
    fan_out_to_towns,
)
from portal.branding.models import Branding
from portal.celery import app
from portal.mail import queue_town_email
from tenants import services
from tenants.current import current_schema
from tenants.models import Town
from tests.conftest import TownClient

ROOT = Path(__file__).resolve().parents[2]
SEEN: dict[str, list[str]] = {}
DONE: dict[str, threading.Event] = {}


@app.task(base=TownTask, name="tests.background.record_schema")
def record_schema(key: str) -> None:
    SEEN.setdefault(key, []).append(current_schema())
    DONE.setdefault(key, threading.Event()).set()


@app.task(base=PublicTask, name="tests.background.public_schema")
def public_schema() -> str:
    return current_schema()


@app.task(base=PublicTask, name="tests.background.fan_out")
def fan_out(key: str) -> int:
    return fan_out_to_towns(record_schema, key, module=None)


def new_key() -> str:
    key = uuid.uuid4().hex
    DONE[key] = threading.Event()
    return key


# --- eager (as in every other test) ----------------------------------------------------------


def test_town_task_runs_in_the_schema_of_the_town_that_queued_it(in_town_a: Town) -> None:
    key = new_key()
    record_schema.delay(key)
    assert SEEN[key] == ["town_alpha"]


def test_town_task_queued_in_town_b_runs_in_b(db: None, town_a: Town, town_b: Town) -> None:
    key = new_key()
    with tenant_context(town_b):
        record_schema.delay(key)
    with tenant_context(town_a):
        record_schema.delay(key)
    assert SEEN[key] == ["town_beta", "town_alpha"]


def test_town_task_queued_from_the_public_schema_is_refused(db: None, towns: Any) -> None:
    key = new_key()
    with pytest.raises(TaskWithoutTown, match="without a town"):
        record_schema.delay(key)
    assert key not in SEEN


def test_town_task_queued_in_the_template_is_refused(db: None, towns: Any) -> None:
    key = new_key()
    with schema_context(settings.TENANT_BASE_SCHEMA), pytest.raises(TaskWithoutTown):
        record_schema.delay(key)
    assert key not in SEEN


def test_public_task_runs_in_the_public_schema_even_when_queued_in_a_town(
    in_town_a: Town,
) -> None:
    assert public_schema.delay().get() == "public"
    assert current_schema() == "town_alpha"


def test_enqueue_on_commit_keeps_the_schema_of_the_call(
    db: None, town_a: Town, django_capture_on_commit_callbacks: Any
) -> None:
    # given a task queued inside Alpha, whose transaction commits after the connection
    # has gone back to the public schema
    key = new_key()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with tenant_context(town_a):
            enqueue_on_commit(record_schema, key)
        assert current_schema() == "public"
        assert key not in SEEN  # nothing runs before the commit
    # then it ran once, in Alpha
    assert len(callbacks) == 1
    assert SEEN[key] == ["town_alpha"]


def test_enqueue_on_commit_refuses_a_town_task_outside_a_town(db: None, towns: Any) -> None:
    with pytest.raises(TaskWithoutTown):
        enqueue_on_commit(record_schema, new_key())


def test_fan_out_queues_one_message_per_active_town(
    db: None, town_a: Town, town_b: Town, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given Beta suspended, an archived town and the template
    services.suspend_town(town=town_b)
    Town.objects.create(
        schema_name="town_zeta", slug="zeta", name="Zeta", status=Town.Status.ARCHIVED
    )
    sent: list[str] = []
    original = record_schema.apply_async

    def counting(*args: Any, **kwargs: Any) -> Any:
        sent.append(kwargs["headers"]["_schema_name"])
        return original(*args, **kwargs)

    monkeypatch.setattr(record_schema, "apply_async", counting)
    # when the periodic public task fans out
    key = new_key()
    count = fan_out.delay(key).get()
    # then every active town got exactly one message, and no one else got any
    active = set(
        Town.objects.filter(status=Town.Status.ACTIVE, is_template=False)
        .exclude(schema_name="public")
        .values_list("schema_name", flat=True)
    )
    assert "town_alpha" in active
    assert sorted(sent) == sorted(active) == sorted(SEEN[key])
    assert count == len(active)
    assert not {"town_beta", "town_zeta", "lq_template", "public"} & set(sent)


# --- a real worker ---------------------------------------------------------------------------


@pytest.fixture
def real_worker(transactional_db: None, towns: Any) -> Any:
    """A Celery worker thread (solo pool) consuming from the test Redis."""
    app.conf.task_always_eager = False
    app.conf.worker_hijack_root_logger = False
    app.control.purge()
    try:
        with start_worker(
            app, pool="solo", perform_ping_check=False, shutdown_timeout=20
        ) as worker:
            yield worker
    finally:
        app.conf.task_always_eager = True


def test_real_worker_runs_the_task_in_the_queuing_towns_schema(
    real_worker: Any, town_a: Town, town_b: Town
) -> None:
    # when tasks are queued inside Alpha and Beta and go through Redis
    key_a, key_b = new_key(), new_key()
    with tenant_context(town_a):
        record_schema.delay(key_a)
    with tenant_context(town_b):
        record_schema.delay(key_b)
    # then the worker ran each in its own town's schema
    assert DONE[key_a].wait(20) and DONE[key_b].wait(20)
    assert SEEN[key_a] == ["town_alpha"]
    assert SEEN[key_b] == ["town_beta"]


def test_real_worker_refuses_a_task_without_a_town(real_worker: Any) -> None:
    failures: list[BaseException] = []
    failed = threading.Event()

    def on_failure(sender: Any = None, exception: BaseException | None = None, **kw: Any) -> None:
        if sender is not None and sender.name == record_schema.name and exception is not None:
            failures.append(exception)
            failed.set()

    task_failure.connect(on_failure, weak=False)
    try:
        # when the task is sent from the public schema (bypassing enqueue_on_commit)
        key = new_key()
        assert current_schema() == "public"
        record_schema.delay(key)
        # then it fails in the worker instead of running in the public schema
        assert failed.wait(20)
    finally:
        task_failure.disconnect(on_failure)
    assert isinstance(failures[0], TaskWithoutTown)
    assert key not in SEEN


# --- e-mail ----------------------------------------------------------------------------------


def test_town_email_carries_the_branding_and_escapes_markup(
    in_town_a: Town, django_capture_on_commit_callbacks: Any, mailoutbox: list[Any]
) -> None:
    # given Alpha's branding with markup in its name and its own colour
    Branding.objects.filter(singleton=True).update(
        display_name='Alpha <b>&</b> "Co"',
        primary_colour="#1a2b3c",
        contact_email="rathaus@alpha.example",
    )
    # when a welcome e-mail is queued for someone whose name contains a script
    with django_capture_on_commit_callbacks(execute=True):
        queue_town_email(
            template="welcome_admin",
            to=["eve@example.org"],
            context={"name": "<script>alert(1)</script>", "link": "http://alpha.lq.test/x/"},
        )
    # then subject and text show the names as typed, the HTML escapes them, and it is branded
    message = mailoutbox[0]
    html = message.alternatives[0][0]
    assert 'Alpha <b>&</b> "Co"' in message.subject and "\n" not in message.subject
    assert "<script>alert(1)</script>" in message.body
    assert "http://alpha.lq.test/x/" in message.body
    assert "&amp;" not in message.body and "&lt;" not in message.body
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "Alpha &lt;b&gt;&amp;&lt;/b&gt; &quot;Co&quot;" in html
    assert "#1a2b3c" in html and 'href="http://alpha.lq.test/x/"' in html
    assert message.reply_to == ["rathaus@alpha.example"]
    assert 'Alpha <b>&</b> "Co"' in str(message.message()["From"]) or "Alpha" in message.from_email


def test_email_of_town_b_carries_bs_branding(
    in_town_b: Town, django_capture_on_commit_callbacks: Any, mailoutbox: list[Any]
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        queue_town_email(
            template="password_reset",
            to=["bob@example.org"],
            context={"name": "Bob", "link": "http://beta.lq.test/r/"},
        )
    message = mailoutbox[0]
    assert "Beta" in message.subject and "Alpha" not in message.subject + message.body
    assert "Beta" in message.from_email


def test_email_is_not_sent_when_the_transaction_rolls_back(
    in_town_a: Town, django_capture_on_commit_callbacks: Any, mailoutbox: list[Any]
) -> None:
    from django.db import transaction

    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        queue_town_email(
            template="password_reset", to=["x@example.org"], context={"name": "X", "link": "l"}
        )
        raise RuntimeError("rolled back")
    assert mailoutbox == []


def test_email_cannot_be_queued_outside_a_town(db: None, towns: Any) -> None:
    with pytest.raises(TaskWithoutTown):
        queue_town_email(template="password_reset", to=["x@example.org"], context={})


# --- Sentry ----------------------------------------------------------------------------------


def sentry_active_in_fresh_process(dsn: str | None) -> str:
    env = {k: v for k, v in os.environ.items() if k != "SENTRY_DSN"}
    if dsn is not None:
        env["SENTRY_DSN"] = dsn
    code = (
        "import sys; sys.path[:0] = ['platform', '.']; import django; django.setup(); "
        "import sentry_sdk; print(sentry_sdk.get_client().is_active())"
    )
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_sentry_is_off_without_a_dsn_and_on_with_one() -> None:
    assert sentry_active_in_fresh_process(None) == "False"
    assert sentry_active_in_fresh_process("") == "False"
    assert sentry_active_in_fresh_process("http://public@127.0.0.1:9/1") == "True"


class RecordingTransport(Transport):
    """Keeps events in memory instead of sending them anywhere."""

    events: list[dict[str, Any]] = []

    def capture_envelope(self, envelope: Envelope) -> None:
        event = envelope.get_event()
        if event is not None:
            self.events.append(event)


@pytest.fixture
def sentry_events() -> Any:
    from portal.observability import init_sentry

    RecordingTransport.events = []
    init_sentry("http://public@127.0.0.1:9/1", environment="test", transport=RecordingTransport)
    try:
        yield RecordingTransport.events
    finally:
        sentry_sdk.get_client().close()
        sentry_sdk.get_global_scope().set_client(None)


def test_error_in_a_town_view_is_tagged_with_the_towns_schema(
    db: None, town_a: Town, sentry_events: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    # given a town page that fails
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("boom in a town view")

    monkeypatch.setattr("portal.views.render", broken)
    client = TownClient(HTTP_HOST="alpha.lq.test", raise_request_exception=False)
    # when it is requested
    response = client.get("/")
    # then the error reaches Sentry tagged with Alpha's schema
    assert response.status_code == 500
    events = [e for e in sentry_events if "boom in a town view" in str(e.get("exception"))]
    assert len(events) == 1
    assert events[0]["tags"]["town"] == "town_alpha"
    assert connection.schema_name == "public"
    # and no frame carries its local variables (a ballot's voter and choice would be there)
    frames = [
        frame
        for value in events[0]["exception"]["values"]
        for frame in (value.get("stacktrace") or {}).get("frames", [])
    ]
    assert frames and not any(frame.get("vars") for frame in frames)
