"""Static checks of the deployment: checkov over terraform/ and ops/Dockerfile, offline.

    python ops/check_deploy.py        # exit 0: no failed check, no file checkov could not parse

checkov is not a dev dependency: it pins packaging<24, which pytest 9 refuses, so it gets its
own virtualenv, .lq/checkov-<version>, made once from the package registry and reused until
CHECKOV_VERSION changes. `./lq test` makes it before pytest starts (LQ_SKIP_CHECKOV=1 skips
that and the checkov tests); a failed install stops it with pip's output, never a skip.
--skip-download keeps checkov from asking its vendor's API for guideline names (no network).
A finding is fixed, or skipped at the resource with `#checkov:skip=CHECK_ID:reason`.
tests/ops/test_deploy_render.py runs these checks and checks that they can fail;
`terraform validate` needs the providers (terraform/README.md).
"""

from __future__ import annotations

import fcntl
import json
import shutil
import subprocess
import sys
import venv
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STATE = ROOT / ".lq"  # services.STATE: the checkout's own, gitignored
CHECKOV_VERSION = "3.3.30"
VENV = STATE / f"checkov-{CHECKOV_VERSION}"
# What the deployment is: each target with the one checkov framework that reads it.
TARGETS = ((ROOT / "terraform", "terraform"), (ROOT / "ops" / "Dockerfile", "dockerfile"))


class CheckovUnavailable(RuntimeError):
    """checkov could not be installed into its virtualenv."""


def ensure_checkov(folder: Path = VENV, requirement: str = f"checkov=={CHECKOV_VERSION}") -> Path:
    """checkov's program, installed into `folder` first if it is not there (once per version)."""
    program = folder / "bin" / "checkov"
    ready = folder / ".installed"  # written last: a venv without it is half made, made again
    folder.parent.mkdir(parents=True, exist_ok=True)
    # Two pytest workers, or two `./lq test`s in one checkout, install it once.
    with open(folder.parent / f".{folder.name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if ready.exists() and program.exists():
            return program
        shutil.rmtree(folder, ignore_errors=True)
        for stale in folder.parent.glob("checkov-*"):  # older versions, and .lq/checkov-venv
            if stale.is_dir() and stale != folder:
                shutil.rmtree(stale, ignore_errors=True)
        venv.create(folder, with_pip=True)
        install = subprocess.run(
            [str(folder / "bin" / "python"), "-m", "pip", "install", "-q", requirement],
            capture_output=True,
            text=True,
            check=False,
        )
        if install.returncode != 0 or not program.exists():
            raise CheckovUnavailable(
                f"pip could not install {requirement} into {folder} (exit {install.returncode}):\n"
                f"{install.stdout}{install.stderr}"
            )
        ready.write_text(requirement + "\n")
    return program


@dataclass(frozen=True)
class Scan:
    """One checkov run: its failed checks as (check id, resource, file:lines), and counts."""

    target: Path
    failed: list[tuple[str, str, str]]
    passed: int
    skipped: int
    parsing_errors: int

    @property
    def clean(self) -> bool:
        # A file checkov cannot parse is not checked at all: checkov itself exits 0 for it.
        return not self.failed and self.parsing_errors == 0


def scan(target: Path, framework: str, program: Path | None = None) -> Scan:
    """checkov's findings for a folder or a file, read from its JSON report."""
    options = ["--skip-download", "--quiet", "--output", "json", "--framework", framework]
    where = ["-d" if target.is_dir() else "-f", str(target)]
    result = subprocess.run(
        [str(program or ensure_checkov()), *options, *where],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError as error:
        raise RuntimeError(f"checkov gave no report for {target}:\n{result.stderr}") from error
    # A target without any resource of the framework gives the summary alone.
    summary = report.get("summary", report)
    failed = [
        (c["check_id"], c["resource"], f"{c['file_abs_path']}:{c['file_line_range'][0]}")
        for c in report.get("results", {}).get("failed_checks", [])
    ]
    return Scan(target, failed, summary["passed"], summary["skipped"], summary["parsing_errors"])


def check(targets: tuple[tuple[Path, str], ...] = TARGETS) -> int:
    """Print each target's result; 1 when any has a failed check or a file checkov could not
    parse."""
    program = ensure_checkov()
    status = 0
    for target, framework in targets:
        found = scan(target, framework, program)
        print(
            f"checkov {framework} {target}: {found.passed} passed, {len(found.failed)} failed, "
            f"{found.skipped} skipped, {found.parsing_errors} not parsed"
        )
        for check_id, resource, place in found.failed:
            print(f"  FAILED {check_id} {resource} ({place})")
        status |= not found.clean
    return status


if __name__ == "__main__":
    try:
        sys.exit(check())
    except CheckovUnavailable as error:
        sys.exit(f"check_deploy: {error}")
