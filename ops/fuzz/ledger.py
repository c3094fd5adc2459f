"""The long fuzz run of the ledger: many more Hypothesis examples (with shrinking) and more
rounds of concurrent retries than the bounded run inside `./lq test`.

    python3 ops/fuzz/ledger.py            # 5,000 examples (~270,000 operations), 400 rounds
    python3 ops/fuzz/ledger.py 20000 1000

Runs the same tests (tests/billing/ledger/test_ledger_properties.py and
test_ledger_concurrency.py) through `./lq test`, against the project's own PostgreSQL;
prints pytest's summary and returns its exit code.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def main(argv: list[str]) -> int:
    examples = argv[0] if argv else "5000"
    rounds = argv[1] if len(argv) > 1 else "400"
    env = {
        **os.environ,
        "LQ_SKIP_CHECKS": "1",
        "LQ_LEDGER_FUZZ_EXAMPLES": examples,
        "LQ_LEDGER_FUZZ_ROUNDS": rounds,
        "LQ_LEDGER_FUZZ_SHRINK": "1",
    }
    started = time.monotonic()
    result = subprocess.run(
        [
            str(ROOT / "lq"),
            "test",
            "tests/billing/ledger/test_ledger_properties.py",
            "tests/billing/ledger/test_ledger_concurrency.py",
            "-q",
            "--hypothesis-show-statistics",
        ],
        cwd=ROOT,
        env=env,
        check=False,
    )
    print(
        f"ledger fuzz: {examples} examples, {rounds} concurrent rounds, "
        f"{time.monotonic() - started:.0f} s, exit {result.returncode}"
    )
    return result.returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
