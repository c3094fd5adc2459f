"""The full schemathesis run over a town's API: every check, >= 100 examples per operation and
generation mode, as an anonymous visitor, a resident and a moderator.

    ./lq bench ops/fuzz/schemathesis_full.py            # or: .venv/bin/python ops/fuzz/...
    LQ_FUZZ_EXAMPLES=300 ./lq bench ops/fuzz/schemathesis_full.py

It runs the suite's schemathesis test (tests/portal/api/test_schemathesis.py) with more
examples and all three kinds of caller, in-process against the WSGI app on the test towns
(real PostgreSQL and Redis, started by `./lq test`; its own test database `test_lq_fuzz`, so
it can run beside the suite), and prints per caller the operations, cases and unique failures;
the failures in full are written to .lq/fuzz-failures.txt.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def main() -> int:
    details = ROOT / ".lq" / "fuzz-failures.txt"
    details.unlink(missing_ok=True)
    env = {
        **os.environ,
        "LQ_FUZZ_EXAMPLES": os.environ.get("LQ_FUZZ_EXAMPLES", "100"),
        "LQ_FUZZ_AS": "anonymous,resident,moderator",
        "LQ_FUZZ_DETAILS": str(details),
        "LQ_SKIP_CHECKS": "1",
        # (`./lq bench` sets its own settings module; the test run needs the suite's)
        "DJANGO_SETTINGS_MODULE": "portal.settings.test",
        "LQ_TEST_DB": "test_lq_fuzz",
        "LQ_TEST_REDIS_DB": "4",
    }
    command = [str(ROOT / "lq"), "test", "tests/portal/api/test_schemathesis.py", "-s", "-q"]
    print(f"examples per operation and mode: {env['LQ_FUZZ_EXAMPLES']}", flush=True)
    # The figures are printed as each caller's run ends (a full run takes a while).
    with subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    ) as run:
        assert run.stdout is not None
        tail: list[str] = []
        for line in run.stdout:
            tail = [*tail[-40:], line]
            if line.startswith(("schemathesis as ", "slowest: ")) or re.match(
                r"^\d+ (passed|failed)", line
            ):
                print(line.rstrip(), flush=True)
    if run.returncode and not details.exists():
        print("".join(tail))
    if details.exists():
        print(f"failures in full: {details}")
    return run.returncode


if __name__ == "__main__":
    sys.exit(main())
