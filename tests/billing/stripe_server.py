"""A fake Stripe server (localstripe, through ops/localstripe_server.py) for the tests.

Each pytest-xdist worker starts its own on a free port of 127.0.0.1 the first time a test asks
for `stripe_server`, and stops it at the end of the session; `stripe_fake` empties it before
the test. Nothing here reaches the network beyond this machine. `signed_event` signs a payload
with the SDK's own helper, as Stripe signs its webhooks.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import stripe

ROOT = Path(__file__).resolve().parents[2]
TEST_KEY = "sk_test_lq_tests"
TEST_WEBHOOK_SECRET = "whsec_lq_tests"


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait(port: int, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("localstripe exited at start")
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise RuntimeError(f"localstripe did not start on port {port}")


def flush(base: str) -> None:
    """Empty the fake Stripe (localstripe's own DELETE /_config/data)."""
    request = urllib.request.Request(f"{base}/_config/data", method="DELETE")  # noqa: S310
    urllib.request.urlopen(request, timeout=10).close()  # noqa: S310 (127.0.0.1)


@pytest.fixture(scope="session")
def stripe_server() -> Iterator[str]:
    """The base URL of this worker's fake Stripe; billing's settings point at it."""
    port = _free_port()
    process = subprocess.Popen(  # noqa: S603 — our own script, fixed arguments
        [sys.executable, str(ROOT / "ops" / "localstripe_server.py"), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait(port, process)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def stripe_fake(stripe_server: str, settings: Any) -> str:
    """An empty fake Stripe for this test, with billing switched on against it."""
    flush(stripe_server)
    settings.STRIPE_API_KEY = TEST_KEY
    settings.STRIPE_API_BASE = stripe_server
    settings.STRIPE_WEBHOOK_SECRET = TEST_WEBHOOK_SECRET
    settings.STRIPE_IS_FAKE = True
    return stripe_server


def signed_event(
    event: dict[str, Any], *, secret: str = TEST_WEBHOOK_SECRET, timestamp: int | None = None
) -> tuple[bytes, str]:
    """The body and the Stripe-Signature header of `event`, signed like Stripe signs."""
    body = json.dumps(event)
    header = stripe.WebhookSignature.generate_signature_header(body, secret, timestamp)
    return body.encode(), header
