"""tenants/ is the bottom layer, and ruff's banned-API rules keep schema switching in it."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
OUR_PACKAGES = ("portal", "modules", "billing")


def _imported_names(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.append(node.module)
    return names


def test_tenants_imports_nothing_of_the_layers_above() -> None:
    offending = [
        f"{path.relative_to(ROOT)}: {name}"
        for path in sorted((ROOT / "tenants").rglob("*.py"))
        for name in _imported_names(path)
        if name.split(".")[0] in OUR_PACKAGES
    ]
    assert offending == []


def _ruff_codes(filename: str, source: str) -> list[str]:
    command = [sys.executable, "-m", "ruff", "check", "--output-format=concise", "--no-cache"]
    result = subprocess.run(  # noqa: S603 - our own interpreter and a fixed command
        [*command, "--stdin-filename", filename, "-"],
        input=source,
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    return [line.split()[1] for line in result.stdout.splitlines() if ": " in line]


SWITCH = "from django_tenants.utils import tenant_context\n\nprint(tenant_context)\n"
TOWN_MODEL = "from tenants.models import Town\n\nprint(Town)\n"


@pytest.mark.parametrize(
    ("filename", "source", "banned"),
    [
        ("modules/exchange/probe.py", SWITCH, True),
        ("platform/portal/console/probe.py", SWITCH, True),
        ("modules/exchange/probe.py", TOWN_MODEL, True),
        ("platform/portal/console/probe.py", TOWN_MODEL, False),
        ("tenants/probe.py", SWITCH, False),
        ("platform/portal/operators/management/commands/probe.py", SWITCH, False),
        ("tests/modules/exchange/probe.py", SWITCH, False),
    ],
)
def test_ruff_bans_schema_switching_and_town_models_where_they_do_not_belong(
    filename: str, source: str, banned: bool
) -> None:
    assert ("TID251" in _ruff_codes(filename, source)) is banned
