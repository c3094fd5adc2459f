"""The Celery app. Tasks carry their town's schema in a header (tenant-schemas-celery)."""

import os
from typing import Any

from tenant_schemas_celery.app import CeleryApp

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.local")

app = CeleryApp("portal", task_cls="portal.background:TownTask")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.on_after_finalize.connect  # type: ignore[untyped-decorator]
def _schedule_module_tasks(sender: Any, **kwargs: Any) -> None:
    from portal.background import schedule_module_tasks

    schedule_module_tasks(sender)
