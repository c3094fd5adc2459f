"""Authenticator devices for tests, with real TOTP codes computed from the device's key."""

from __future__ import annotations

import time

from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal.accounts.models import User


def give_totp_device(user: User) -> TOTPDevice:
    """A confirmed authenticator for `user` (in the connection's current schema)."""
    device: TOTPDevice = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    return device


def totp_code(device: TOTPDevice, *, at: float | None = None) -> str:
    """The six digits an app would show for this device now (or at `at`)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = at if at is not None else time.time()
    return f"{totp.token():0{device.digits}d}"


def pass_second_step(client: Client, device: TOTPDevice, *, at: float | None = None) -> None:
    """Enter the current code on the code page, as the person would after their password.

    (A code works once: after another step in the same 30 seconds, pass a later `at`.)"""
    response = client.post("/accounts/two-factor/code/", {"code": totp_code(device, at=at)})
    assert response.status_code == 302, response.content[:500]
