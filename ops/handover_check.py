"""Hand a town over from one running LQ deployment to another, in Chromium, and check it.

    ./lq run                                   # deployment A on :8000 (this checkout)
    LQ_PORT=8100 LQ_PG_PORT=54339 LQ_REDIS_PORT=63809 LQ_STRIPE_PORT=12121 ./lq run
                                               # deployment B, from a second clone
    .venv/bin/python ops/handover_check.py --from http://localhost:8000 \\
        --to http://localhost:8100 --town weil-der-stadt --as weil-der-stadt-neu

What a newcomer would do by hand, step by step, on the operator sites: log in as the demo
operator on A, open *Weil der Stadt exportieren*, make the archive, wait for it and download
it; log in on B, *Gemeinde importieren*, upload it under the new address and wait; then log in
on the new town of B as a resident of the old one with the old password, and compare the fund
balance and the search results for a few words with A's. It prints each step and exits 1 when
anything differs.

Operators log in in two steps: the first time, the site shows the authenticator key, which
this script keeps in .lq/handover-keys/<port>.key for the next runs (or pass --key-from /
--key-to with the key an operator's app holds). Needs Debian's chromium (LQ_CHROMIUM to point
elsewhere) and the project's Playwright.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import hmac
import os
import re
import shutil
import struct
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
KEYS = ROOT / ".lq" / "handover-keys"
PASSWORD = "lq-demo-2026"  # noqa: S105 (the demo accounts' published password)
KEY_PATTERN = re.compile(r"\b([A-Z2-7]{4}(?: [A-Z2-7]{4}){5,})\b")
WAIT_SECONDS = 600


def totp(key: str, at: float | None = None) -> str:
    """The six-digit code of RFC 6238 (SHA-1, 30 s), as an authenticator app shows it."""
    secret = key.replace(" ", "").upper()
    raw = base64.b32decode(secret + "=" * (-len(secret) % 8))
    counter = struct.pack(">Q", int(time.time() if at is None else at) // 30)
    digest = hmac.new(raw, counter, hashlib.sha1).digest()
    offset = digest[-1] & 15
    number = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{number % 1_000_000:06d}"


def town_address(base: str, slug: str, path: str) -> str:
    scheme, rest = base.split("://", 1)
    return f"{scheme}://{slug}.{rest.rstrip('/')}{path}"


def log_in_operator(page: Any, base: str, email: str, key: str | None) -> None:
    page.goto(base.rstrip("/") + "/login/")
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.click("form.stacked button[type=submit]")
    keyfile = KEYS / f"{base.rsplit(':', 1)[-1].strip('/')}.key"
    shown = KEY_PATTERN.search(page.inner_text("main"))
    if shown:  # (the first log-in: the site sets the authenticator up)
        KEYS.mkdir(parents=True, exist_ok=True)
        keyfile.write_text(shown.group(1))
        key = shown.group(1)
    elif key is None:
        if not keyfile.exists():
            raise SystemExit(f"The operator on {base} has an authenticator; pass its key.")
        key = keyfile.read_text().strip()
    page.fill("input[name=code]", totp(key))
    with page.expect_navigation():
        page.click("form.stacked button[type=submit]")
    if "/login/" in page.url or "two-factor" in page.url:
        raise SystemExit(f"Could not log in as the operator on {base}: {page.url}")


def first_job(page: Any) -> str:
    return str(page.locator("table.archive-jobs tbody tr").first.inner_text()).replace("\n", " ")


def wait_for(page: Any, done: re.Pattern[str], what: str) -> float:
    started = time.monotonic()
    while not done.search(first_job(page)):
        if "Fehlgeschlagen" in first_job(page):
            raise SystemExit(f"{what} failed: {first_job(page)}")
        if time.monotonic() - started > WAIT_SECONDS:
            raise SystemExit(f"{what} did not finish in {WAIT_SECONDS} s: {first_job(page)}")
        print("   ", first_job(page))
        time.sleep(1)
        page.reload()
    return time.monotonic() - started


def town_facts(page: Any, base: str, slug: str, words: list[str]) -> dict[str, Any]:
    page.goto(town_address(base, slug, "/fund/"))
    facts: dict[str, Any] = {"fund balance": page.inner_text("#fund-balance")}
    for word in words:
        page.goto(town_address(base, slug, f"/search/?q={word}"))
        facts[f"search {word!r}"] = [
            line.strip() for line in page.inner_text("main").splitlines() if line.strip()
        ]
    return facts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--from", dest="source", default="http://localhost:8000")
    parser.add_argument("--to", dest="target", default="http://localhost:8100")
    parser.add_argument("--town", default="weil-der-stadt")
    parser.add_argument("--as", dest="new_slug", default="weil-der-stadt-neu")
    parser.add_argument("--name", default="", help="the new town's name (default: the old)")
    parser.add_argument("--operator", default="operator@lq.example")
    parser.add_argument("--resident", default="", help="default: erika@<town>.example")
    parser.add_argument("--words", default="Repair,Hilfe,Verein")
    parser.add_argument("--key-from")
    parser.add_argument("--key-to")
    args = parser.parse_args()
    resident = args.resident or f"erika@{args.town}.example"
    words = [w for w in args.words.split(",") if w]
    chromium = os.environ.get("LQ_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"

    from playwright.sync_api import sync_playwright

    started = time.monotonic()
    with sync_playwright() as playwright, tempfile.TemporaryDirectory() as folder:
        browser = playwright.chromium.launch(
            executable_path=chromium, args=["--headless=new", "--no-sandbox"]
        )
        a = browser.new_context(locale="de-DE", accept_downloads=True).new_page()
        a.set_default_timeout(30_000)
        before = town_facts(a, args.source, args.town, words)
        print(f"A {args.source}: {args.town}: fund balance {before['fund balance']}")

        log_in_operator(a, args.source, args.operator, args.key_from)
        town_name = a.locator(f"a[href='/towns/{args.town}/export/']").inner_text()
        with a.expect_navigation():
            a.locator(f"a[href='/towns/{args.town}/export/']").click()
        with a.expect_navigation():
            a.locator("form:has(input[value=export]) button").click()
        seconds = wait_for(a, re.compile("Archiv herunterladen"), "The export")
        print(f"A: {town_name}: archive ready after {seconds:.1f} s")
        with a.expect_download() as info:
            a.get_by_role("link", name="Archiv herunterladen").first.click()
        archive = Path(folder) / info.value.suggested_filename
        info.value.save_as(archive)
        print(f"A: downloaded {archive.name}, {archive.stat().st_size:,} bytes")

        b = browser.new_context(locale="de-DE").new_page()
        b.set_default_timeout(30_000)
        log_in_operator(b, args.target, args.operator, args.key_to)
        b.goto(args.target.rstrip("/") + "/towns/import/")
        b.locator("input[type=file]").set_input_files(str(archive))
        b.locator("input[name=slug]").fill(args.new_slug)
        b.locator("input[name=name]").fill(args.name)
        with b.expect_navigation():
            b.locator("form[enctype] button[type=submit]").click()
        if b.locator(".errorlist, .error-summary").count():
            raise SystemExit(f"B refused the upload: {b.inner_text('main')[:500]}")
        seconds = wait_for(b, re.compile("angelegt"), "The import")
        print(f"B {args.target}: {first_job(b)} ({seconds:.1f} s)")

        c = browser.new_context(locale="de-DE").new_page()
        c.set_default_timeout(30_000)
        c.goto(town_address(args.target, args.new_slug, "/accounts/login/"))
        c.fill("input[name=username]", resident)
        c.fill("input[name=password]", PASSWORD)
        with c.expect_navigation():
            c.click("form.stacked button[type=submit]")
        logged_in = "/accounts/login/" not in c.url
        print(f"B: {resident} logs in on {args.new_slug} with the old password: {logged_in}")
        after = town_facts(c, args.target, args.new_slug, words)
        browser.close()

    differing = [key for key in before if before[key] != after[key]]
    for key in before:
        print(f"  {key}: {'same' if key not in differing else 'DIFFERENT'}")
        if key in differing:
            print(f"    A: {before[key]}\n    B: {after[key]}")
    print(f"Hand-over checked in {time.monotonic() - started:.1f} s")
    return 0 if logged_in and not differing else 1


if __name__ == "__main__":
    sys.exit(main())
