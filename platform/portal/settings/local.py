"""Settings for `./lq run` on a developer's machine."""

from .base import *  # noqa: F403
from .base import STATE_DIR
from .env import env_str

DEBUG = True
EMAIL_BACKEND = "portal.mail.OutboxBackend"
LQ_OUTBOX_DIR = STATE_DIR / "outbox"
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Links in e-mails name the port `./lq run` listens on (LQ_PORT), unless told otherwise;
# without it every link pointed at port 80, where nothing answers.
LQ_PUBLIC_PORT = env_str("LQ_PUBLIC_PORT", env_str("LQ_PORT", "8000"))
