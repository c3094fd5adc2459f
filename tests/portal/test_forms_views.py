"""portal.forms_views.form_page: a form with uploaded files and extra keyword arguments."""

from __future__ import annotations

from typing import Any

import pytest
from django import forms
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory

from portal.forms_views import form_page
from tenants.models import Town

pytestmark = pytest.mark.django_db


class UploadForm(forms.Form):
    title = forms.CharField(max_length=20)
    attachment = forms.FileField()

    def __init__(self, *args: Any, prefix_label: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.prefix_label = prefix_label
        self.fields["title"].label = f"{prefix_label} title"


def _request(method: str, data: dict[str, Any] | None = None) -> Any:
    factory = RequestFactory()
    request = factory.post("/x/", data or {}) if method == "POST" else factory.get("/x/")
    request.tenant = Town.objects.get(slug="alpha")
    request.user = AnonymousUser()
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


def _page(request: Any, action: Any) -> Any:
    return form_page(
        request,
        form_class=UploadForm,
        template="portal/form_fields.html",
        action=action,
        done="Saved.",
        redirect_to="/done/",
        form_kwargs={"prefix_label": "Report"},
    )


def test_a_posted_file_reaches_the_action(in_town_a):
    # given a form with a file field, posted with a file
    seen: dict[str, Any] = {}
    upload = SimpleUploadedFile("note.txt", b"hello", content_type="text/plain")
    request = _request("POST", {"title": "Bericht", "attachment": upload})

    def action(data: dict[str, Any]) -> None:
        seen.update(title=data["title"], body=data["attachment"].read())

    # when the page handles it
    response = _page(request, action)
    # then the action got the file's content and the page redirects
    assert response.status_code == 302 and response["Location"] == "/done/"
    assert seen == {"title": "Bericht", "body": b"hello"}


def test_form_kwargs_are_passed_on_get_and_post(in_town_a):
    page = _page(_request("GET"), lambda data: None)
    assert page.status_code == 200
    assert "Report title" in page.content.decode()
    missing_file = _page(_request("POST", {"title": "Bericht"}), lambda data: None)
    assert missing_file.status_code == 400
    assert "Report title" in missing_file.content.decode()


def test_a_service_error_on_the_file_is_shown_under_the_field(in_town_a):
    upload = SimpleUploadedFile("note.txt", b"hello")

    def refuse(data: dict[str, Any]) -> None:
        raise ValidationError({"attachment": "This is not a picture."})

    response = _page(_request("POST", {"title": "Bericht", "attachment": upload}), refuse)
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_attachment_error"' in html and "This is not a picture." in html
