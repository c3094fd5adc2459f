"""Logging filters: a refused request is worth one warning line, not a traceback."""

from __future__ import annotations

import logging

# Answers that are the visitor's doing. Their traceback (Django attaches the exception to
# django.request's record) says nothing about our code and buries the real errors.
QUIET_STATUS_CODES = frozenset({400, 401, 403, 404, 405})


class DropClientErrorTracebacks(logging.Filter):
    """Keeps the warning line of a 4xx answer and drops its traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", None) in QUIET_STATUS_CODES:
            record.exc_info = None
            record.exc_text = None
            if record.levelno > logging.WARNING:
                record.levelno, record.levelname = logging.WARNING, "WARNING"
        return True
