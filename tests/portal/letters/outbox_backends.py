"""Mail backends for the killed-worker tests: every message becomes a file, as a mail server
that accepted it would have it; one of them dies (SIGKILL) at a chosen moment."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Sequence
from email import message_from_bytes
from pathlib import Path

from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend


def _folder() -> Path:
    return Path(os.environ["LQ_LETTER_OUTBOX"])


class FileBackend(BaseEmailBackend):
    """Accepts every message: one file each, named by arrival."""

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        folder = _folder()
        folder.mkdir(parents=True, exist_ok=True)
        for message in email_messages:
            path = folder / f"{time.time_ns()}-{os.getpid()}.eml"
            path.write_bytes(message.message().as_bytes())
        return len(email_messages)


class DyingBackend(FileBackend):
    """Slow (LQ_LETTER_PAUSE seconds a mail), and with LQ_LETTER_DIE_AFTER=k it kills its own
    process right after the server "accepted" mail k: the crash window, made deterministic."""

    sent = 0

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        time.sleep(float(os.environ.get("LQ_LETTER_PAUSE", "0")))
        count = super().send_messages(email_messages)
        DyingBackend.sent += count
        die_after = int(os.environ.get("LQ_LETTER_DIE_AFTER", "0"))
        if die_after and DyingBackend.sent >= die_after:
            os.kill(os.getpid(), signal.SIGKILL)
        return count


def copies_by_recipient(folder: Path) -> dict[str, list[str]]:
    """{address: [Message-ID of each copy that arrived]}."""
    found: dict[str, list[str]] = {}
    for path in sorted(folder.glob("*.eml")):
        message = message_from_bytes(path.read_bytes())
        found.setdefault(str(message["To"]), []).append(str(message["Message-ID"]))
    return found
