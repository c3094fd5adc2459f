"""Recount a round of the LQ Fonds from its published ballots, without the portal.

    python ops/fund_recount.py lq-fonds-2026-1.pb
    python ops/fund_recount.py lq-fonds-2026-1-stimmzettel.csv [--tie-rule ballot_number]

Reads the Pabulib file (.pb) or the CSV the round's page publishes and prints the votes per
project, the ranking (with the round's tie rule: in the .pb file; for the CSV give it, the
default is "smaller_amount") and the digest, the SHA-256 of the ballots in their canonical
form (see modules/fund/tally.py), to compare with the published result notice.

Needs only Python: it loads the portal's own counting code (modules/fund/tally.py and
ballot_files.py, platform/portal/csv_cells.py) by path, without Django.
"""

from __future__ import annotations

import argparse
import importlib
import sys
import types
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def _counting_code() -> tuple[Any, Any]:
    """modules/fund/ballot_files.py and tally.py as a package of their own (no Django)."""
    for name, folder in (
        ("lq_fund_count", ROOT / "modules" / "fund"),
        ("portal", ROOT / "platform" / "portal"),
    ):
        if name == "portal" and "portal" in sys.modules:
            continue
        package = types.ModuleType(name)
        package.__path__ = [str(folder)]
        sys.modules[name] = package
    files = importlib.import_module("lq_fund_count.ballot_files")
    tally = importlib.import_module("lq_fund_count.tally")
    return files, tally


def recount(text: str, *, tie_rule: str | None = None) -> dict[str, Any]:
    """The counts, ranking, ballots and digest of a published file's text."""
    files, tally = _counting_code()
    box = files.read_ballots(text, tie_rule=tie_rule or tally.SMALLER_AMOUNT)
    rule = tie_rule or box.tie_rule
    result = tally.tally(box.ballots, options=box.options, tie_rule=rule)
    return {
        "projects": {p.number: p.title for p in box.projects},
        "counts": result.counts,
        "ranking": result.ranking,
        "ballots": result.ballots,
        "tie_rule": rule,
        "digest": tally.digest(box.ballots),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("file", type=Path)
    parser.add_argument("--tie-rule", choices=["smaller_amount", "ballot_number"])
    args = parser.parse_args(argv)
    result = recount(args.file.read_text(encoding="utf-8"), tie_rule=args.tie_rule)
    print(f"ballots: {result['ballots']}")
    print(f"tie rule: {result['tie_rule']}")
    print("rank  number  votes  project")
    for rank, number in enumerate(result["ranking"], start=1):
        title = result["projects"][number]
        print(f"{rank:>4}  {number:>6}  {result['counts'][number]:>5}  {title}")
    print(f"digest: {result['digest']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
