"""Fetching the console's open-format downloads in tests: the body (streamed) and how many
queries the request and the writing of its body took."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext


@dataclass(frozen=True)
class Download:
    status: int
    text: str
    queries: int

    @property
    def rows(self) -> list[list[str]]:
        """The CSV's rows, the byte order mark taken off the first."""
        return list(csv.reader(io.StringIO(self.text.removeprefix("\ufeff"))))


def fetch(client: Any, url: str) -> Download:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        assert response.streaming, url
        text = b"".join(response.streaming_content).decode("utf-8")
    return Download(status=response.status_code, text=text, queries=len(queries))


def as_german_administrator(client: Any, admin: Any) -> Any:
    """`client` logged in as `admin`, reading German (the test towns speak English)."""
    client.force_login(admin)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "de"
    return client


def same_queries_for_more_rows(client: Any, url: str, add: Any) -> tuple[Download, Download]:
    """The download after `add(n)` made n rows and after 3n: (few, many). A first request
    warms the caches (the host's town, the session) so that both count the same kind."""
    fetch(client, url)
    add(2)
    few = fetch(client, url)
    add(4)
    many = fetch(client, url)
    return few, many
