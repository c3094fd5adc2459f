"""A client generated from the town API's schema works against a live server.

openapi-python-client turns /api/v1/schema/ into a typed Python package (httpx and attrs);
the test then lists listings anonymously, posts one as a resident with a token and reads the
resident's time account, all through the generated code, over HTTP on town A's host.
"""

from __future__ import annotations

import importlib
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest
from django_tenants.utils import tenant_context
from rest_framework.authtoken.models import Token

from modules.exchange import services as exchange
from tenants.models import Town
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

CONFIG = "post_hooks: []\nproject_name_override: lq_client\npackage_name_override: lq_client\n"


def _generate_client(schema: bytes, folder: Path) -> Any:
    (folder / "schema.json").write_bytes(schema)
    (folder / "config.yaml").write_text(CONFIG)
    generator = Path(sys.executable).parent / "openapi-python-client"
    command = [str(generator), "generate", "--path", "schema.json", "--meta", "none"]
    command += ["--config", "config.yaml", "--output-path", "lq_client"]
    subprocess.run(  # noqa: S603 (our own venv's generator, fixed arguments)
        command,
        cwd=folder,
        check=True,
        capture_output=True,
    )
    sys.path.insert(0, str(folder))
    return importlib.import_module("lq_client")


def test_a_generated_client_lists_posts_and_reads_the_time_account(
    live_server: Any, towns: dict[str, Town], tmp_path: Path
) -> None:
    town = towns["alpha"]
    with tenant_context(town):
        giver = UserFactory()
        exchange.create_listing(owner=giver, kind="give", listing_type="item", title="Leiter")
        resident = UserFactory()
        token = Token.objects.create(user=resident).key
    port = live_server.url.rsplit(":", 1)[1]
    base_url = f"http://127.0.0.1:{port}"
    # The live server answers every town; the town is chosen by the Host header.
    headers = {"Host": f"alpha.lq.test:{port}"}
    schema = httpx.get(f"{base_url}/api/v1/schema/?format=json", headers=headers)
    assert schema.status_code == 200

    lq_client = _generate_client(schema.content, tmp_path)
    from lq_client.api.exchange import (  # type: ignore[import-not-found]
        exchange_account_retrieve,
        exchange_listings_create,
        exchange_listings_list,
    )
    from lq_client.models import ListingKindEnum, ListingRequest, TypeEnum  # type: ignore[import-not-found]

    anonymous = lq_client.Client(
        base_url=base_url, headers=headers, raise_on_unexpected_status=True
    )
    # (a live-server test sees what earlier tests left in the town: compare with that)
    page = exchange_listings_list.sync(client=anonymous)
    before = {item.title for item in page.results}
    assert "Leiter" in before and page.count == len(page.results)

    me = lq_client.AuthenticatedClient(
        base_url=base_url, token=token, prefix="Token", headers=headers
    )
    created = exchange_listings_create.sync(
        client=me,
        body=ListingRequest(kind=ListingKindEnum.LEND, type_=TypeEnum.ITEM, title="Bohrmaschine"),
    )
    assert created.title == "Bohrmaschine" and created.status.value == "active"

    account = exchange_account_retrieve.sync(client=me)
    assert account.balance_minutes == 0 and account.entries == []

    again = exchange_listings_list.sync(client=anonymous)
    assert {item.title for item in again.results} == before | {"Bohrmaschine"}
