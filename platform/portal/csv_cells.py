"""Text cells for CSV files people open in spreadsheets, for every module's exports.

A spreadsheet runs a cell that starts with "=", "+", "-" or "@" (and, in some, a tab or a
carriage return before one) as a formula: a project named "=HYPERLINK(...)" would become a
link in the reader's spreadsheet (CSV injection, OWASP). `safe_cell` puts an apostrophe
before such a text, which spreadsheets show as text and hide.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, TypeAlias

# (No Django at import time: `safe_cell` is also used by ops/fund_recount.py, which runs on
# plain Python, python -S, to let anyone recount a published ballot box.)
if TYPE_CHECKING:
    from django.utils.functional import Promise

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(text: str) -> str:
    """`text` as a CSV cell no spreadsheet runs as a formula."""
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


Cell: TypeAlias = "str | Promise | int | Decimal | date | datetime | None"


def spreadsheet_cell(value: Cell) -> str | int:
    """A value as a cell: text defused (`safe_cell`), times in the active (the town's) time
    zone as "2026-05-01 19:30", dates as "2026-05-01", nothing as an empty cell."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, datetime):
        from django.utils import timezone

        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int):
        return value
    if isinstance(value, Decimal):
        return str(value)  # a number, never a formula (a minus sign stays a minus sign)
    return safe_cell(str(value))  # also a lazy translation (a choice's label)


class _Line:
    """A file-like object that hands back what csv.writer writes (one row at a time)."""

    def write(self, text: str) -> str:
        return text


def csv_stream(header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> Iterator[bytes]:
    """A CSV file row by row, as the project's CSV downloads write it (the dashboard's too):
    UTF-8 with a byte order mark (so spreadsheet programs read the umlauts), "," between
    cells, every cell through `spreadsheet_cell`."""
    writer = csv.writer(_Line())
    yield ("\ufeff" + writer.writerow([spreadsheet_cell(cell) for cell in header])).encode()
    for row in rows:
        yield writer.writerow([spreadsheet_cell(cell) for cell in row]).encode()


def euros(cents: int | None) -> Decimal | None:
    """Cents as euros for a cell ("1500.00", "-12.50"; an empty cell for none)."""
    if cents is None:
        return None
    return (Decimal(cents) / 100).quantize(Decimal("0.01"))
