"""Organisation logos: public once approved; before that only for representatives and
moderators, never cached; never as a raw media file (defect 6, private files)."""

from __future__ import annotations

import importlib
import io

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image

from modules.directory import services
from modules.directory.models import Organisation, Representative
from portal.moderation.models import ReviewStatus
from tests.conftest import TownClient
from tests.factories.branding import use_media_root
from tests.factories.directory import OrganisationFactory

pytestmark = pytest.mark.django_db


def _logo() -> ContentFile[bytes]:
    buffer = io.BytesIO()
    Image.new("RGB", (12, 12), "green").save(buffer, format="PNG")
    return ContentFile(buffer.getvalue(), name="logo.png")


@pytest.fixture
def waiting(settings, tmp_path, owner) -> Organisation:
    use_media_root(settings, tmp_path)
    organisation = OrganisationFactory(slug="neu", status=ReviewStatus.PENDING)
    organisation.logo.save("logo.png", _logo())
    Representative.objects.create(organisation=organisation, user=owner)
    return organisation


def test_waiting_organisations_logo_only_for_representatives_and_moderators(
    client_a, waiting, owner, member, moderator
):
    url = waiting.logo_url()
    anonymous = TownClient(HTTP_HOST=client_a.defaults["HTTP_HOST"])
    assert anonymous.get(url).status_code == 404
    assert anonymous.get(waiting.logo.url).status_code == 404
    client_a.force_login(member)
    assert client_a.get(url).status_code == 404
    for person in (owner, moderator):
        client_a.force_login(person)
        response = client_a.get(url)
        assert response.status_code == 200
        assert response["Cache-Control"] == "private, no-store"
        assert response["Content-Type"] == "image/png"

    services.approve_organisation(organisation=waiting, approved_by=moderator)
    response = anonymous.get(url)
    assert response.status_code == 200 and response["Cache-Control"] == "public, max-age=3600"


def test_logo_of_another_town_or_without_logo_is_a_404(client_a, client_b, waiting, moderator):
    services.approve_organisation(organisation=waiting, approved_by=moderator)
    assert client_b.get(waiting.logo_url()).status_code == 404
    OrganisationFactory(slug="ohne-logo")
    assert client_a.get("/directory/o/ohne-logo/logo/").status_code == 404
    # A logo is only read: any other method is refused before the organisation is looked up,
    # so the 405 is the same for every slug and tells nothing about the organisation.
    assert client_a.post(waiting.logo_url()).status_code == 405
    assert client_a.post("/directory/o/nosuch/logo/").status_code == 405


def test_logos_move_to_the_private_folder(settings, tmp_path, in_town_a):
    use_media_root(settings, tmp_path)
    old = default_storage.save("directory/logos/alt.png", _logo())
    organisation = OrganisationFactory(logo=old)
    without = OrganisationFactory()
    migration = importlib.import_module(
        "modules.directory.migrations.0003_private_organisation_logos"
    )
    migration.move_logos_to_private(apps, None)
    organisation.refresh_from_db()
    assert organisation.logo.name.startswith("private/directory/logos/alt")
    assert default_storage.exists(organisation.logo.name) and not default_storage.exists(old)
    without.refresh_from_db()
    assert not without.logo
