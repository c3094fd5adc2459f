"""Wide tables become stacked rows on phones: every table of a page is marked for it and every
data cell names its column (the CSS shows `data-label` when the heading row is hidden)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TABLE = re.compile(r"<table\b[^>]*>.*?</table>", re.S)


def _page_templates() -> list[Path]:
    paths = []
    for folder in ("platform", "modules", "tenants", "billing"):
        for path in (ROOT / folder).rglob("templates/**/*.html"):
            if "/emails/" not in str(path):  # e-mail layouts are tables by necessity
                paths.append(path)
    return paths


def test_every_page_table_stacks_and_labels_its_cells() -> None:
    problems = []
    for path in _page_templates():
        for table in TABLE.findall(path.read_text()):
            name = str(path.relative_to(ROOT))
            if not re.match(r'<table class="[^"]*\bstack\b', table):
                problems.append(f"{name}: table without class stack")
            for cell in re.findall(r"<td\b[^>]*>", table):
                if "data-label=" not in cell and "colspan=" not in cell:
                    problems.append(f"{name}: {cell}")
    assert not problems, problems


def test_the_check_finds_tables_in_the_templates() -> None:
    tables = sum(len(TABLE.findall(p.read_text())) for p in _page_templates())
    assert tables >= 10
