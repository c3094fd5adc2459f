"""The published ballot box of a counted round, as files anyone can recount, and their parser.

No Django here (`ops/fund_recount.py` imports this file alone); the views hand in a
`BoxFile` made from the database.

- **CSV**: a header row with one column per project on the ballot, "<title> (Nr. <n>,
  <amount> Cent)"; then one row per ballot, 1 under each project it chose and 0 under the
  others. A spreadsheet sums the columns to the result. The rows come in the order of the
  ballots' random keys, which is no order of casting.
- **Pabulib** (`.pb`, https://pabulib.org/format): the sections META (key;value),
  PROJECTS (project_id;cost;votes;name) and VOTES (voter_id;vote), ";" separated, the
  vote a comma-separated list of project ids. voter_id is the line's number in this file
  and nothing else. Costs are in euros ("1500" or "1500.50"); the META carries our tie rule.

Every text cell goes through `portal.csv_cells.safe_cell` (no formulas in spreadsheets).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from portal.csv_cells import safe_cell

from .tally import TIE_RULES, Option, digest, tally

_HEADER = re.compile(r"\(Nr\. (\d+), (\d+) Cent\)\s*$")


@dataclass(frozen=True)
class Project:
    number: int
    amount_cents: int
    title: str


@dataclass(frozen=True)
class BoxFile:
    """A round's counted box as the files publish it (or as parsed back from one)."""

    projects: list[Project]
    ballots: list[tuple[int, ...]]
    tie_rule: str
    meta: dict[str, str] = field(default_factory=dict)

    @property
    def options(self) -> list[Option]:
        return [Option(project.number, project.amount_cents) for project in self.projects]


def _cell(text: str) -> str:
    """A text cell on one line (a title is one line anyway) and defused for spreadsheets."""
    return safe_cell(text.replace("\r", " ").replace("\n", " "))


def _euros(cents: int) -> str:
    whole, rest = divmod(cents, 100)
    return f"{whole}" if rest == 0 else f"{whole}.{rest:02d}"


def _cents(text: str) -> int:
    whole, _, rest = text.strip().partition(".")
    return int(whole) * 100 + (int((rest + "00")[:2]) if rest else 0)


def write_csv(box: BoxFile) -> str:
    """The box as CSV (see the module's docstring)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        [_cell(f"{p.title} (Nr. {p.number}, {p.amount_cents} Cent)") for p in box.projects]
    )
    for choices in box.ballots:
        chosen = set(choices)
        writer.writerow([1 if p.number in chosen else 0 for p in box.projects])
    return out.getvalue()


def write_pabulib(box: BoxFile) -> str:
    """The box in Pabulib's .pb format (see the module's docstring)."""
    counted = tally(box.ballots, options=box.options, tie_rule=box.tie_rule)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    meta = {
        **box.meta,
        "num_projects": str(len(box.projects)),
        "num_votes": str(len(box.ballots)),
        "tie_rule": box.tie_rule,
        "digest": digest(box.ballots),
    }
    out.write("META\n")
    writer.writerow(["key", "value"])
    for key, value in meta.items():
        writer.writerow([key, _cell(value)])
    out.write("PROJECTS\n")
    writer.writerow(["project_id", "cost", "votes", "name"])
    for p in box.projects:
        writer.writerow(
            [p.number, _euros(p.amount_cents), counted.counts[p.number], _cell(p.title)]
        )
    out.write("VOTES\n")
    writer.writerow(["voter_id", "vote"])
    for line, choices in enumerate(box.ballots, start=1):
        writer.writerow([line, ",".join(str(number) for number in sorted(choices))])
    return out.getvalue()


def _unquote(cell: str) -> str:
    return cell[1:] if cell.startswith("'") else cell


def read_csv(text: str, *, tie_rule: str) -> BoxFile:
    """Parse `write_csv`'s file (the tie rule is not in it: the round's page states it)."""
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        raise ValueError("empty file")
    projects: list[Project] = []
    for cell in rows[0]:
        match = _HEADER.search(cell)
        if match is None:
            raise ValueError(f"not a project column: {cell!r}")
        title = _unquote(cell[: match.start()].rstrip())
        projects.append(Project(int(match.group(1)), int(match.group(2)), title))
    ballots: list[tuple[int, ...]] = []
    for number, row in enumerate(rows[1:], start=2):
        if not row:
            continue
        if len(row) != len(projects) or set(row) - {"0", "1"}:
            raise ValueError(f"line {number}: expected {len(projects)} marks of 0 or 1")
        ballots.append(
            tuple(p.number for p, mark in zip(projects, row, strict=True) if mark == "1")
        )
    return BoxFile(projects=projects, ballots=ballots, tie_rule=tie_rule)


def read_pabulib(text: str) -> BoxFile:
    """Parse a Pabulib .pb file (ours or any approval-vote file with numeric project ids)."""
    sections: dict[str, list[list[str]]] = {"META": [], "PROJECTS": [], "VOTES": []}
    current: list[list[str]] | None = None
    for row in csv.reader(io.StringIO(text), delimiter=";"):
        if not row:
            continue
        head = row[0].strip()
        if len(row) == 1 and head.upper() in sections:
            current = sections[head.upper()]
            continue
        if current is None:
            raise ValueError("a .pb file starts with its META section")
        current.append(row)
    for name, rows in sections.items():
        if not rows:
            raise ValueError(f"the {name} section is missing")
    meta = {row[0]: _unquote(row[1]) if len(row) > 1 else "" for row in sections["META"][1:]}
    columns = sections["PROJECTS"][0]
    at = {name.strip(): index for index, name in enumerate(columns)}
    projects = [
        Project(
            int(row[at["project_id"]]),
            _cents(row[at["cost"]]),
            _unquote(row[at["name"]]) if "name" in at else "",
        )
        for row in sections["PROJECTS"][1:]
    ]
    vote_at = [name.strip() for name in sections["VOTES"][0]].index("vote")
    ballots = [
        tuple(int(number) for number in row[vote_at].split(",") if number.strip())
        for row in sections["VOTES"][1:]
    ]
    tie_rule = meta.get("tie_rule", TIE_RULES[0])
    return BoxFile(projects=projects, ballots=ballots, tie_rule=tie_rule, meta=meta)


def read_ballots(text: str, *, tie_rule: str = TIE_RULES[0]) -> BoxFile:
    """Parse either file: a .pb (it begins with META) or our CSV."""
    lines = text.lstrip().splitlines()
    if lines and lines[0].strip().upper() == "META":
        return read_pabulib(text)
    return read_csv(text, tie_rule=tie_rule)


def receipts_text(hashes: Sequence[str]) -> str:
    """The receipt-hash list: one SHA-256 hex per line, sorted."""
    return "".join(f"{value}\n" for value in sorted(hashes))
