"""The shape of a demo town's organisations; each town's list is a module of its own."""

from __future__ import annotations

from dataclasses import dataclass

# (name, kind, categories, description, meeting times, [(offering, schedule, text)])
DemoOrganisation = tuple[str, str, list[str], str, str, list[tuple[str, str, str]]]


@dataclass(frozen=True)
class DirectoryContent:
    area_code: str  # the town's telephone area code: every demo phone number starts with it
    organisations: list[DemoOrganisation]

    def phone(self, index: int) -> str:
        return f"{self.area_code} {9100 + index * 17}"
