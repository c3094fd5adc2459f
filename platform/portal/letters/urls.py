"""The public pages of sent letters (/letters/…)."""

from django.urls import path

from .views import public

app_name = "letters"

urlpatterns = [
    path("<slug:slug>/", public.page, name="page"),
    path("<slug:slug>/pdf/", public.pdf, name="pdf"),
]
