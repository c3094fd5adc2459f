"""Static checks of the deployment: checkov over terraform/ and ops/Dockerfile, offline.

    python ops/check_deploy.py        # exit 0: no failed check (skips carry their reason)

checkov is not a dev dependency: it pins packaging<24, which pytest 9 refuses, so it gets its
own virtualenv under .lq/checkov-venv (made on the first run, from the package registry).
--skip-download keeps it from asking its vendor's API for guideline names (no network here).
A finding is fixed, or skipped at the resource with `#checkov:skip=CHECK_ID:reason`.
tests/ops/test_deploy_render.py validates the chart's manifests; `terraform validate` needs the
providers (terraform/README.md).
"""

from __future__ import annotations

import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV = ROOT / ".lq" / "checkov-venv"
CHECKOV = "checkov==3.3.30"


def checkov() -> Path:
    program = VENV / "bin" / "checkov"
    if not program.exists():
        venv.create(VENV, with_pip=True)
        subprocess.run([VENV / "bin" / "python", "-m", "pip", "install", "-q", CHECKOV], check=True)
    return program


def main() -> int:
    program = checkov()
    runs = [
        ["-d", str(ROOT / "terraform"), "--framework", "terraform"],
        ["-f", str(ROOT / "ops" / "Dockerfile"), "--framework", "dockerfile"],
    ]
    failed = 0
    for arguments in runs:
        command = [str(program), "--skip-download", "--compact", "--quiet", *arguments]
        failed |= subprocess.run(command, check=False).returncode
    return failed


if __name__ == "__main__":
    sys.exit(main())
