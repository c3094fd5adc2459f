"""The Celery app. Tasks carry their town's schema in a header (tenant-schemas-celery)."""

import os

from tenant_schemas_celery.app import CeleryApp

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.local")

app = CeleryApp("portal", task_cls="portal.background:TownTask")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
