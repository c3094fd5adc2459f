"""`ops/fund_recount.py` recounts a published file with plain Python (no Django, no
site-packages) and prints the counts, the ranking and the digest."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from modules.fund.ballot_files import BoxFile, Project, write_csv, write_pabulib
from modules.fund.tally import digest

ROOT = Path(__file__).resolve().parents[2]
BOX = BoxFile(
    projects=[
        Project(1, 150_000, "Bank"),
        Project(2, 90_000, "=Formel"),
        Project(3, 90_000, "Schrank"),
    ],
    ballots=[(1,), (2, 3), (3,), (1, 2), (2,)],
    tie_rule="smaller_amount",
)


def _run(path: Path, *args: str) -> str:
    # -S: without site-packages, so Django cannot be imported
    done = subprocess.run(  # noqa: S603 (our own script, our own arguments)
        [sys.executable, "-S", str(ROOT / "ops" / "fund_recount.py"), str(path), *args],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    return done.stdout


def test_it_recounts_a_pabulib_file(tmp_path: Path) -> None:
    path = tmp_path / "round.pb"
    path.write_text(write_pabulib(BOX), encoding="utf-8")
    out = _run(path)
    assert "ballots: 5" in out
    assert f"digest: {digest(BOX.ballots)}" in out
    # 2 has 3 votes; 1 and 3 tie with 2: 3 asks for less, so it ranks before 1
    rows = [line.split()[:3] for line in out.splitlines() if line.strip()[:1].isdigit()]
    assert rows == [["1", "2", "3"], ["2", "3", "2"], ["3", "1", "2"]]


def test_it_recounts_a_csv_with_the_tie_rule_given(tmp_path: Path) -> None:
    path = tmp_path / "round.csv"
    path.write_text(write_csv(BOX), encoding="utf-8")
    out = _run(path, "--tie-rule", "ballot_number")
    assert "tie rule: ballot_number" in out
    assert f"digest: {digest(BOX.ballots)}" in out
    assert "=Formel" in out
