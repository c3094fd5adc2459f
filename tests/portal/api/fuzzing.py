"""Run schemathesis over the town API in-process (WSGI, no network), with all its checks.

Used by the bounded run in the suite (test_schemathesis.py) and by the full run
(ops/fuzz/schemathesis_full.py, which sets LQ_FUZZ_EXAMPLES and LQ_FUZZ_AS). Each operation is
tried with schema-valid (positive) and schema-violating (negative) cases drawn by Hypothesis
with a fixed seed; every failure is collected (one per operation, check and message) instead
of stopping at the first.
"""

from __future__ import annotations

import contextlib
import logging
import time
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

import schemathesis
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections, connection
from django.utils import timezone
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import CHECKS, load_all_checks
from schemathesis.core.failures import Failure, FailureGroup
from schemathesis.generation.modes import GenerationMode

# `--checks all`: every check schemathesis has, not only "no server error".
load_all_checks()
ALL_CHECKS = CHECKS.get_by_names(CHECKS.get_all_names())


class _TestWSGIApp:
    """Django's WSGI handler as the test client runs it: the end of a request must not close
    the test's database connection (the test transaction holds the data)."""

    def __init__(self) -> None:
        self.handler = WSGIHandler()

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        signals.request_started.disconnect(close_old_connections)
        signals.request_finished.disconnect(close_old_connections)
        try:
            response = self.handler(environ, start_response)
            body = list(response)
            response.close()
            return body
        finally:
            signals.request_started.connect(close_old_connections)
            signals.request_finished.connect(close_old_connections)
            connection.set_schema_to_public()


@dataclass
class FuzzReport:
    operations: int = 0
    cases: int = 0
    failures: dict[tuple[str, str], str] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    # Operations that answered 2xx at least once: the ones fuzzed beyond their error paths.
    succeeded: set[str] = field(default_factory=set)

    def lines(self) -> list[str]:
        return [f"{op}: {title}" for (op, title) in sorted(self.failures)]

    def details(self) -> str:
        return "\n\n".join(f"{op}: {title}\n{text}" for (op, title), text in self.failures.items())


def _record(report: FuzzReport, case: Any, failure: Failure) -> None:
    first_line = failure.message.splitlines()[0] if failure.message else ""
    key = (case.operation.label, f"{failure.title}: {first_line}")
    report.failures.setdefault(key, f"{failure.message}\n{case.as_curl_command()}")


def _all_positive(case: Any) -> bool:
    """Whether every part of the case is schema-valid (a negative case keeps its violation)."""
    meta = case.meta
    if meta is None or not meta.generation.mode.is_positive:
        return False
    return not any(info.mode.is_negative for info in (meta.components or {}).values())


def _schema_day(day: date) -> date:
    """`day`, or the first of the next month when it is the 29th to 31st: the schema's date
    pattern offers only days every month has, so a hook must not write others (on such a
    day a made-valid case would be schema-invalid and be reported as wrongly accepted)."""
    if day.day <= 28:
        return day
    return (day.replace(day=1) + timedelta(days=32)).replace(day=1)


def _day(text: str, days: int) -> str:
    return _schema_day(date.fromisoformat(text[:10]) + timedelta(days=days)).isoformat()


def _respect_rules_the_schema_cannot_say(context: Any, case: Any) -> Any:
    """Schema-valid cases are made to respect the few rules between fields or relative to
    today that JSON Schema cannot state (and that the fields' descriptions say in words):
    an event starts within two years and ends after it starts, a display ends after it
    begins, a date range is at most 92 days. Schema-violating cases are left as they are."""
    if not _all_positive(case):
        return case
    path, body = case.operation.path, case.body
    if isinstance(body, dict):
        if path.startswith("/api/v1/info/events/") and "start" in body:
            tomorrow = _schema_day(timezone.localdate() + timedelta(days=1))
            start = datetime(tomorrow.year, tomorrow.month, tomorrow.day, 10, tzinfo=UTC)
            body["start"] = start.isoformat()
            body["end"] = (start + timedelta(hours=2)).isoformat()
            repeating = body.get("recurrence") not in (None, "", "none")
            if not repeating:
                body.pop("recurrence_until", None)
                body.pop("recurrence_count", None)
            elif body.get("recurrence_until") is not None:
                body.pop("recurrence_count", None)
                until = _schema_day(start.date() + timedelta(days=60))
                body["recurrence_until"] = until.isoformat()
        if path.startswith("/api/v1/info/news/") and body.get("expire_at"):
            body["expire_at"] = _day(str(body["publish_at"]), 1) + "T12:00:00Z"
        if path.startswith("/api/v1/info/menus/") and "valid_from" in body:
            first = _schema_day(timezone.localdate())
            body["valid_from"] = first.isoformat()
            body["valid_until"] = _schema_day(first + timedelta(days=1)).isoformat()
        if path == "/api/v1/exchange/listings/" and body.get("type") == "item":
            body["minutes"] = None
        if path == "/api/v1/notifications/preferences/" and "kind" in body:
            # The kinds and their choices are data (GET lists them), not in the schema.
            body["kind"] = "other"
    query = case.query
    if path == "/api/v1/info/occurrences/" and isinstance(query, dict):
        if "from" in query:
            query["to"] = _day(str(query["from"]), 7)
        elif "to" in query:
            query["to"] = _schema_day(timezone.localdate()).isoformat()
    return case


def _use_samples(samples: dict[str, dict[str, str]]) -> Any:
    """Schema-valid cases address real objects (made by the caller) instead of random ids,
    so that reads, updates, deletes and actions reach their code, not only the 404."""

    def hook(context: Any, case: Any) -> Any:
        if not _all_positive(case):
            return case
        for prefix, values in samples.items():
            if case.operation.path.startswith(prefix) and case.path_parameters:
                case.path_parameters.update(
                    {name: value for name, value in values.items() if name in case.path_parameters}
                )
        return case

    return hook


def fuzz(
    raw_schema: dict[str, Any],
    *,
    host: str,
    headers: dict[str, str],
    examples: int,
    report: FuzzReport,
    samples: dict[str, dict[str, str]] | None = None,
) -> None:
    """Try every operation of `raw_schema` against this process's WSGI app on `host`;
    `samples` maps path prefixes to the path parameters of real objects."""
    # Every 4xx is logged as a warning by Django; thousands of them say nothing here.
    logging.getLogger("django.request").setLevel(logging.ERROR)
    schema = schemathesis.openapi.from_dict(raw_schema)
    schema.app = _TestWSGIApp()
    schema.hook("map_case")(_respect_rules_the_schema_cannot_say)
    if samples:
        schema.hook("map_case")(_use_samples(samples))
    base_url = f"http://{host}"
    for result in schema.get_all_operations():
        operation = result.ok()
        report.operations += 1
        started, cases_before = time.monotonic(), report.cases
        # Without parameters or body there is nothing to make invalid (and Hypothesis would
        # spend seconds finding that out).
        definition = raw_schema["paths"][operation.path][operation.method.lower()]
        has_input = bool(definition.get("parameters") or definition.get("requestBody"))
        modes = [GenerationMode.POSITIVE] + ([GenerationMode.NEGATIVE] if has_input else [])
        for mode in modes:
            _fuzz_operation(operation, mode, base_url, headers, examples, report)
        report.seconds[f"{operation.label} ({report.cases - cases_before} cases)"] = (
            time.monotonic() - started
        )


def _fuzz_operation(
    operation: Any,
    mode: GenerationMode,
    base_url: str,
    headers: dict[str, str],
    examples: int,
    report: FuzzReport,
) -> None:
    @seed(20261201)
    @settings(
        max_examples=examples,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
        derandomize=False,
    )
    @given(case=operation.as_strategy(generation_mode=mode))
    def run(case: Any) -> None:
        report.cases += 1
        try:
            response = case.call_and_validate(base_url=base_url, headers=headers, checks=ALL_CHECKS)
            if 200 <= response.status_code < 300:
                report.succeeded.add(operation.label)
        except FailureGroup as group:
            for failure in group.exceptions:
                _record(report, case, failure)
        except Failure as failure:
            _record(report, case, failure)

    # Unsatisfiable: nothing to vary, e.g. no parameter or body to make invalid (negative mode).
    with contextlib.suppress(Unsatisfiable):
        run()
