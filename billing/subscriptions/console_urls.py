"""The console's billing page on a town's host (mounted at /manage/billing/)."""

from django.urls import path

from . import views_console

urlpatterns = [
    path("", views_console.console_billing, name="billing_console"),
]
