"""The e-letter's console pages (/manage/letters/…)."""

from django.urls import path

from .views import console

app_name = "letter_console"

urlpatterns = [
    path("", console.index, name="index"),
    path("<uuid:public_id>/", console.edit, name="edit"),
    path("<uuid:public_id>/preview/", console.preview, name="preview"),
    path("<uuid:public_id>/send/", console.send, name="send"),
    path("<uuid:public_id>/resume/", console.resume, name="resume"),
    path("<uuid:public_id>/resend-uncertain/", console.resend_uncertain, name="resend_uncertain"),
]
