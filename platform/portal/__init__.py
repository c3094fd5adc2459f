"""The LQ project package: settings, URLconfs, accounts, branding, API base classes."""

from .celery import app as celery_app

__all__ = ["celery_app"]
