"""Fetching one address for the link check, without letting towns probe internal hosts.

Only http and https are fetched. Every connection (redirects included) is checked after it
is made: an address in a private, loopback, link-local or reserved range is refused, so a
name that resolves (or re-resolves) to an internal host cannot be used to reach it. Tests
allow loopback with the setting LQ_INFO_LINKCHECK_ALLOW_PRIVATE and a local http.server.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings

TIMEOUT_SECONDS = 5.0
MAX_REDIRECTS = 5
USER_AGENT = "LQ-linkcheck/1.0 (+checks links of a town portal)"


@dataclass(frozen=True)
class LinkStatus:
    ok: bool
    status: int | None = None
    error: str = ""


class BlockedAddress(OSError):
    """The address leads to a host the link check must not reach."""


def _allow_private() -> bool:
    return bool(getattr(settings, "LQ_INFO_LINKCHECK_ALLOW_PRIVATE", False))


def _check_peer(sock: socket.socket) -> None:
    if _allow_private():
        return
    address = ipaddress.ip_address(sock.getpeername()[0])
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    if not address.is_global or address.is_multicast:
        sock.close()
        raise BlockedAddress(f"address {address} is not public")


def _guarded_create_connection(*args: Any, **kwargs: Any) -> socket.socket:
    # Checked right after the TCP connect, before a byte (or a TLS hello) is sent.
    sock = socket.create_connection(*args, **kwargs)
    _check_peer(sock)
    return sock


class _GuardedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._create_connection = _guarded_create_connection


class _GuardedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._create_connection = _guarded_create_connection


class _HTTPHandler(urllib.request.HTTPHandler):
    def http_open(self, req: urllib.request.Request) -> Any:
        return self.do_open(_GuardedHTTPConnection, req)


class _HTTPSHandler(urllib.request.HTTPSHandler):
    def https_open(self, req: urllib.request.Request) -> Any:
        return self.do_open(_GuardedHTTPSConnection, req)


class _RedirectHandler(urllib.request.HTTPRedirectHandler):
    max_redirections = MAX_REDIRECTS


def _opener() -> urllib.request.OpenerDirector:
    # Built by hand: no file:, ftp: or data: handlers, so a redirect cannot lead there.
    opener = urllib.request.OpenerDirector()
    for handler in (
        _HTTPHandler(),
        _HTTPSHandler(),
        _RedirectHandler(),
        urllib.request.HTTPDefaultErrorHandler(),
        urllib.request.HTTPErrorProcessor(),
    ):
        opener.add_handler(handler)
    return opener


def _fetch(url: str, method: str) -> int:
    # The scheme was checked by check_url and the opener has only http and https handlers.
    request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})  # noqa: S310
    with _opener().open(request, timeout=TIMEOUT_SECONDS) as response:
        if method == "GET":
            response.read(1024)
        return int(response.status)


def check_url(url: str) -> LinkStatus:
    """Whether `url` answers with a success (HEAD first, GET if HEAD is not supported)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return LinkStatus(ok=False, error="only http and https addresses are checked")
    status: int | None = None
    for method in ("HEAD", "GET"):
        try:
            status = _fetch(url, method)
        except urllib.error.HTTPError as exc:
            status = exc.code
            if method == "HEAD" and exc.code in (403, 404, 405, 429, 500, 501):
                continue  # some servers refuse or mishandle HEAD; ask again with GET
            return LinkStatus(ok=False, status=status, error=f"HTTP {exc.code}")
        except BlockedAddress as exc:
            return LinkStatus(ok=False, error=str(exc))
        except urllib.error.URLError as exc:
            reason = exc.reason
            if isinstance(reason, BlockedAddress):
                return LinkStatus(ok=False, error=str(reason))
            return LinkStatus(ok=False, error=f"not reachable: {reason}"[:200])
        except (OSError, http.client.HTTPException, ValueError) as exc:
            return LinkStatus(ok=False, error=f"not reachable: {exc}"[:200])
        return LinkStatus(ok=200 <= status < 400, status=status)
    return LinkStatus(ok=False, status=status, error=f"HTTP {status}")
