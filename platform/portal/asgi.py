"""ASGI entry point. LQ serves synchronous views only: django-tenants keeps the schema on the
connection of the thread, and async views have leaked schemas in its history (see
ARCHITECTURE.md), so run it under a WSGI server unless a leak test covers async."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.production")

application = get_asgi_application()
