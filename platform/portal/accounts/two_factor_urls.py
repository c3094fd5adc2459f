"""Mounted at /accounts/two-factor/ on the operator site and on every town's host."""

from django.urls import path

from . import two_factor_views

app_name = "two_factor"

urlpatterns = [
    path("", two_factor_views.manage, name="manage"),
    path("setup/", two_factor_views.setup, name="setup"),
    path("code/", two_factor_views.verify, name="verify"),
]
