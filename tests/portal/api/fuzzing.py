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
from dataclasses import dataclass, field
from typing import Any

import schemathesis
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections, connection
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.core.failures import Failure, FailureGroup
from schemathesis.generation.modes import GenerationMode


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

    def lines(self) -> list[str]:
        return [f"{op}: {title}" for (op, title) in sorted(self.failures)]

    def details(self) -> str:
        return "\n\n".join(f"{op}: {title}\n{text}" for (op, title), text in self.failures.items())


def _record(report: FuzzReport, case: Any, failure: Failure) -> None:
    first_line = failure.message.splitlines()[0] if failure.message else ""
    key = (case.operation.label, f"{failure.title}: {first_line}")
    report.failures.setdefault(key, f"{failure.message}\n{case.as_curl_command()}")


def fuzz(
    raw_schema: dict[str, Any],
    *,
    host: str,
    headers: dict[str, str],
    examples: int,
    report: FuzzReport,
) -> None:
    """Try every operation of `raw_schema` against this process's WSGI app on `host`."""
    # Every 4xx is logged as a warning by Django; thousands of them say nothing here.
    logging.getLogger("django.request").setLevel(logging.ERROR)
    schema = schemathesis.openapi.from_dict(raw_schema)
    schema.app = _TestWSGIApp()
    base_url = f"http://{host}"
    for result in schema.get_all_operations():
        operation = result.ok()
        report.operations += 1
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            _fuzz_operation(operation, mode, base_url, headers, examples, report)


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
            case.call_and_validate(base_url=base_url, headers=headers)
        except FailureGroup as group:
            for failure in group.exceptions:
                _record(report, case, failure)
        except Failure as failure:
            _record(report, case, failure)

    # Unsatisfiable: nothing to vary, e.g. no parameter or body to make invalid (negative mode).
    with contextlib.suppress(Unsatisfiable):
        run()
