"""`./lq`: e-mail links name the port it serves on, output is unbuffered, and `manage`
stops the services it started."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def lq() -> ModuleType:
    spec = importlib.util.spec_from_file_location("lq_launcher", ROOT / "ops" / "lq.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _local_setting(name: str, **env: str) -> str:
    clean = {k: v for k, v in os.environ.items() if k not in {"LQ_PORT", "LQ_PUBLIC_PORT"}}
    clean.update(env, DJANGO_SETTINGS_MODULE="portal.settings.local")
    clean["PYTHONPATH"] = os.pathsep.join([str(ROOT / "platform"), str(ROOT)])
    code = f"from django.conf import settings; print(settings.{name})"
    out = subprocess.run(  # noqa: S603 (our own interpreter and code)
        [sys.executable, "-c", code], env=clean, cwd=ROOT, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    return out.stdout.strip()


def test_run_passes_its_port_on_as_the_public_port(lq) -> None:
    env = lq.run_env("8123")
    assert env["LQ_PUBLIC_PORT"] == "8123"
    assert env["PYTHONUNBUFFERED"] == "1"
    assert "http://rabenau.localhost:8123/" in lq.banner(base="localhost", port="8123")


def test_local_settings_take_the_port_of_the_server_for_links() -> None:
    assert _local_setting("LQ_PUBLIC_PORT", LQ_PORT="8123") == "8123"
    assert _local_setting("LQ_PUBLIC_PORT") == "8000"
    assert _local_setting("LQ_PUBLIC_PORT", LQ_PORT="8123", LQ_PUBLIC_PORT="443") == "443"


def test_manage_stops_the_services_it_started(lq, monkeypatch) -> None:
    # given no database or Redis running: manage starts both
    started = lq.services.Started(postgres=True, redis=True)
    stopped: list[Any] = []
    monkeypatch.setattr(lq.services, "ensure_services", lambda env: started)
    monkeypatch.setattr(lq.services, "stop_services", stopped.append)
    # when a command has run
    assert lq.manage(["--version"]) == 0
    # then what it started is stopped again
    assert stopped == [started]


def test_the_whole_suite_runs_on_two_workers_unless_asked_otherwise(lq) -> None:
    # the whole suite, with or without options, is spread over two workers
    assert lq.pytest_args([])[:2] == ["-n", "2"]
    assert lq.pytest_args(["--durations=40", "-k", "routing"])[:2] == ["-n", "2"]
    # a caller's own choice, and named test paths (no worker start-up for one file), run as asked
    for argv in (
        ["-p", "no:xdist"],
        ["-n", "0"],
        ["-n4"],
        ["--dist=loadfile", "-n", "2"],
        ["tests/ops"],
        ["tests/ops/test_launcher.py::test_run_passes_its_port_on_as_the_public_port"],
    ):
        assert lq.pytest_args(argv) == argv, argv
