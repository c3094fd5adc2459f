"""Writes of the e-letter: composing (compose.py) and sending (sending.py)."""

from .compose import SectionText, edit_letter, start_letter
from .sending import deliver_batch, resend_uncertain, resume_sending, send_letter

__all__ = [
    "SectionText",
    "deliver_batch",
    "edit_letter",
    "resend_uncertain",
    "resume_sending",
    "send_letter",
    "start_letter",
]
