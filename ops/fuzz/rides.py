"""The long fuzz run of the ride service: many more Hypothesis examples (with shrinking) of
random bookings, assignments, hand-backs and cancellations than the bounded run inside
`./lq test`, each checked against the database (no driver or vehicle in two rides at once).

    python3 ops/fuzz/rides.py          # 500 examples
    python3 ops/fuzz/rides.py 5000

Runs tests/modules/volunteer/test_rides_properties.py through `./lq test`, against the
project's own PostgreSQL; prints pytest's summary and returns its exit code.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def main(argv: list[str]) -> int:
    examples = argv[0] if argv else "500"
    env = {
        **os.environ,
        "LQ_SKIP_CHECKS": "1",
        "LQ_RIDES_FUZZ_EXAMPLES": examples,
        "LQ_RIDES_FUZZ_SHRINK": "1",
    }
    started = time.monotonic()
    result = subprocess.run(
        [
            str(ROOT / "lq"),
            "test",
            "tests/modules/volunteer/test_rides_properties.py",
            "-q",
            "--hypothesis-show-statistics",
        ],
        cwd=ROOT,
        env=env,
        check=False,
    )
    print(
        f"rides fuzz: {examples} examples, {time.monotonic() - started:.0f} s, "
        f"exit {result.returncode}"
    )
    return result.returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
