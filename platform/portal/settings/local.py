"""Settings for `./lq run` on a developer's machine."""

from .base import *  # noqa: F403
from .base import STATE_DIR

DEBUG = True
EMAIL_BACKEND = "portal.mail.OutboxBackend"
LQ_OUTBOX_DIR = STATE_DIR / "outbox"
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
