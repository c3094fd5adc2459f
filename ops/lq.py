"""The `./lq` commands: run (everything, with demo towns), test (every check), manage, services."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import check_deploy
import services

ROOT = services.ROOT
PY = sys.executable
BIN = Path(PY).parent


def _env(settings: str) -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("DJANGO_SETTINGS_MODULE", settings)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "platform"), str(ROOT)])
    # Children write their lines at once, also when the output goes to a file or a pipe.
    env["PYTHONUNBUFFERED"] = "1"
    return env


def run_env(port: str) -> dict[str, str]:
    """The environment of `./lq run`: links in e-mails name the port the server listens on."""
    env = _env("portal.settings.local")
    env["LQ_PORT"] = port
    env.setdefault("LQ_PUBLIC_PORT", port)
    return env


def banner(*, base: str, port: str) -> str:
    """What `./lq run` prints once everything is up."""
    lines = [
        "",
        "  LQ is running. Open in a browser:",
        f"    Operator site:   http://{base}:{port}/",
    ]
    for slug in ("weil-der-stadt", "rabenau"):
        lines.append(f"    Town portal:     http://{slug}.{base}:{port}/")
    lines.append(f"    Sent e-mails:    http://{base}:{port}/outbox/  (after operator login)")
    lines.append("  Press Ctrl-C to stop.\n")
    return "\n".join(lines)


def _manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=env, check=True)


def run(argv: list[str]) -> int:
    port = os.environ.get("LQ_PORT", "8000")
    env = run_env(port)
    started = services.ensure_services(env)
    procs: list[subprocess.Popen[bytes]] = []
    try:
        if env.get("STRIPE_IS_FAKE") == "1":
            services.register_local_webhook(env, port=port)
        _manage(env, "migrate_schemas", "--shared", "-v", "0")
        _manage(env, "town", "ensure-template")
        _manage(env, "town", "migrate")  # as the helm chart's migrate job (ops/migrations.md)
        _manage(env, "demo")
        if env.get("STRIPE_IS_FAKE") == "1":
            _manage(env, "billing_demo")
        procs.append(
            subprocess.Popen(
                [PY, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"], cwd=ROOT, env=env
            )
        )
        procs.append(
            subprocess.Popen(
                [str(BIN / "celery"), "-A", "portal", "worker", "-l", "info", "--concurrency", "2"],
                cwd=ROOT,
                env=env,
            )
        )
        procs.append(
            subprocess.Popen(
                [
                    str(BIN / "celery"),
                    "-A",
                    "portal",
                    "beat",
                    "-l",
                    "info",
                    "--schedule",
                    str(services.STATE / "celerybeat-schedule"),
                ],
                cwd=ROOT,
                env=env,
            )
        )
        time.sleep(2)
        print(banner(base=env.get("LQ_BASE_DOMAIN", "localhost"), port=port), flush=True)
        while all(p.poll() is None for p in procs):
            time.sleep(0.5)
        return 1
    except KeyboardInterrupt:
        return 0
    finally:
        for p in procs:
            if p.poll() is None:
                p.send_signal(signal.SIGINT)
        for p in procs:
            try:
                p.wait(timeout=15)
            except subprocess.TimeoutExpired:
                p.kill()
        services.stop_services(started)
        print("lq: stopped.", flush=True)


def ensure_chromium() -> None:
    """Browser tests use the distribution's Chromium; install it when missing and possible."""
    if shutil.which("chromium") or os.environ.get("LQ_CHROMIUM"):
        return
    if os.geteuid() == 0 and shutil.which("apt-get") and os.environ.get("LQ_NO_APT") != "1":
        print("lq test: installing Debian's chromium for the browser tests (once)")
        quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.STDOUT}
        subprocess.run(["apt-get", "update", "-qq"], check=False, **quiet)  # type: ignore[call-overload]
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        subprocess.run(  # type: ignore[call-overload]
            ["apt-get", "install", "-y", "-qq", "chromium"], check=False, env=env, **quiet
        )
    if not shutil.which("chromium"):
        print(
            "lq test: BROWSER TESTS WILL BE SKIPPED: chromium is not installed and could not "
            "be installed here (install the 'chromium' package or set LQ_CHROMIUM)."
        )


def ensure_checkov() -> bool:
    """checkov's own virtualenv for the deployment's static checks (ops/check_deploy.py):
    made on the first run, a few seconds to look up afterwards. False: it could not be made."""
    if os.environ.get("LQ_SKIP_CHECKOV") == "1":
        print("lq test: LQ_SKIP_CHECKOV=1: the checkov tests are skipped")
        return True
    folder = check_deploy.VENV
    fresh = not (folder / ".installed").exists()
    if fresh:
        print(f"lq test: installing checkov {check_deploy.CHECKOV_VERSION} into {folder} (once)")
    started = time.monotonic()
    try:
        check_deploy.ensure_checkov()
    except check_deploy.CheckovUnavailable as error:
        print(f"lq test: FAILED: {error}")
        print("lq test: (LQ_SKIP_CHECKOV=1 runs the suite without the checkov tests)")
        return False
    if fresh:
        print(f"lq test: checkov installed in {time.monotonic() - started:.0f} s")
    return True


def test(argv: list[str]) -> int:
    env = _env("portal.settings.test")
    ensure_chromium()
    if not ensure_checkov():
        return 1
    # The tests start a fake Stripe per worker themselves (tests/billing/stripe_server.py).
    started = services.ensure_services(env, stripe=False)
    try:
        checks = [
            ["ruff", "check", "."],
            ["ruff", "format", "--check", "."],
            ["mypy", "platform", "tenants", "modules", "billing"],
            [PY, "manage.py", "makemigrations", "--check", "--dry-run"],
        ]
        if os.environ.get("LQ_SKIP_CHECKS") != "1":
            for cmd in checks:
                print(
                    "lq test:", " ".join(Path(c).name if i == 0 else c for i, c in enumerate(cmd))
                )
                exe = str(BIN / cmd[0]) if not cmd[0].startswith("/") else cmd[0]
                if subprocess.run([exe, *cmd[1:]], cwd=ROOT, env=env).returncode != 0:
                    print(f"lq test: FAILED: {' '.join(cmd)}")
                    return 1
        return subprocess.run(
            [PY, "-m", "pytest", *pytest_args(argv)], cwd=ROOT, env=env
        ).returncode
    finally:
        services.stop_services(started)


# The whole suite runs on two pytest-xdist workers: the machines have two cores, and serially
# the suite took 8 minutes on a quiet machine and 15-19 under load. `--dist load` hands out
# tests in collection order, so each worker still runs pytest-django's order: tests in a
# rolled-back transaction first, then the transactional ones (browser tests among them), whose
# rows in the towns' schemas outlive them. `loadfile` runs one file's transactional tests
# before the next file's others, and those then count rows that are not theirs.
PARALLEL = ["-n", "2", "--dist", "load"]


def pytest_args(argv: list[str]) -> list[str]:
    """The suite in parallel; a caller's own -n/--dist/-p no:xdist, or named test paths
    (one file is faster without starting workers), run as asked."""
    own = any(
        arg in ("-n", "--numprocesses", "--dist", "-p")
        or arg.startswith(("-n", "--numprocesses=", "--dist=", "-pno:"))
        or Path(ROOT, arg.split("::")[0]).exists()
        for arg in argv
        if arg != "--"
    )
    return argv if own else [*PARALLEL, *argv]


def manage(argv: list[str]) -> int:
    env = run_env(os.environ.get("LQ_PORT", "8000"))
    started = services.ensure_services(env)
    try:
        return subprocess.run([PY, "manage.py", *argv], cwd=ROOT, env=env).returncode
    finally:
        # Like `test`: what this command started, it stops; services that ran before stay.
        services.stop_services(started)


def services_cmd(argv: list[str]) -> int:
    action = argv[0] if argv else "start"
    if action == "start":
        env: dict[str, str] = {}
        services.ensure_services(env)
        for key, value in env.items():
            print(f"export {key}={value}")
    elif action == "stop":
        services.stop_postgres()
        services.stop_redis()
        services.stop_localstripe()
    else:
        print("usage: ./lq services start|stop", file=sys.stderr)
        return 2
    return 0


def bench(argv: list[str]) -> int:
    # Each benchmark makes and drops a database of its own (lq_bench_<pid>) through
    # ops/bench/bench_settings.py; it never touches the databases `lq` or `test_lq*`.
    env = _env("bench_settings")
    env["DJANGO_SETTINGS_MODULE"] = "bench_settings"
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "ops" / "bench"), env["PYTHONPATH"]])
    # A benchmark that bills starts a fake Stripe of its own (ops/bench/billing.py).
    started = services.ensure_services(env, stripe=False)
    try:
        script = argv[0] if argv else "ops/bench/provisioning.py"
        return subprocess.run([PY, script, *argv[1:]], cwd=ROOT, env=env).returncode
    finally:
        services.stop_services(started)


COMMANDS = {"run": run, "test": test, "manage": manage, "services": services_cmd, "bench": bench}


def main() -> int:
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        print(
            "usage: ./lq run | test [pytest args] | manage <command> | services start|stop "
            "| bench <script>",
            file=sys.stderr,
        )
        return 2
    return COMMANDS[sys.argv[1]](sys.argv[2:])


if __name__ == "__main__":
    sys.exit(main())
