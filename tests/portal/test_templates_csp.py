"""The Content-Security-Policy allows no inline script, handler or style: no page template
may carry one (e-mail templates may, they are not served under the policy)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
INLINE = {
    "style attribute": re.compile(r"\sstyle\s*=", re.I),
    "event handler": re.compile(r"\son[a-z]+\s*=", re.I),
    "inline script": re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I),
}


def _page_templates() -> list[Path]:
    found = []
    for folder in ("platform", "modules", "tenants"):
        for path in (ROOT / folder).rglob("templates/**/*.html"):
            if "emails" not in path.parts:
                found.append(path)
    return found


def test_no_page_template_has_inline_script_handlers_or_styles() -> None:
    templates = _page_templates()
    assert len(templates) > 50
    offenders = [
        f"{path.relative_to(ROOT)}: {what}"
        for path in templates
        for what, pattern in INLINE.items()
        if pattern.search(path.read_text())
    ]
    assert offenders == []
