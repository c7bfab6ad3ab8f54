"""Curators' second factor: an authenticator app (TOTP) and one-time recovery codes.

Used by ``manage.py create_editor`` and by the admin's enrolment and recovery-code pages, so that
a first login and a lost phone take the same steps everywhere.
"""

import io
import re
from base64 import b32encode

import segno
from django.db import transaction
from django_otp import devices_for_user
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

RECOVERY_CODE_COUNT = 10
RECOVERY_DEVICE_NAME = "recovery codes"
TOTP_DEVICE_NAME = "authenticator"
TOTP_CODE = re.compile(r"\d{6}")


def normalise_code(code: str) -> str:
    """What a person types (spaces, dashes, capitals) as the code it means."""
    return re.sub(r"[\s-]", "", code or "").lower()


def has_device(user) -> bool:
    return any(devices_for_user(user, confirmed=True))


def device_for_code(user, code: str):
    """The device a code belongs to, told by its shape: six digits come from the authenticator
    app, anything else is a recovery code. Trying one device only means a mistyped code never
    counts as a failure against the other."""
    model = TOTPDevice if TOTP_CODE.fullmatch(code) else StaticDevice
    return model.objects.filter(user=user, confirmed=True).order_by("id").first()


def pending_totp_device(user) -> TOTPDevice:
    """The unconfirmed device of an enrolment under way (made on first call, then reused)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("id").first()
    return device or TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)


def confirm_totp_device(device: TOTPDevice, code: str) -> bool:
    if not device.verify_token(normalise_code(code)):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return True


@transaction.atomic
def new_totp_device(user, *, replace: bool = False) -> TOTPDevice:
    if replace:
        TOTPDevice.objects.filter(user=user).delete()
    return TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=True)


@transaction.atomic
def new_recovery_codes(user, count: int = RECOVERY_CODE_COUNT) -> list[str]:
    """Replace the user's recovery codes by ``count`` new ones (each works once)."""
    device, _ = StaticDevice.objects.get_or_create(
        user=user, name=RECOVERY_DEVICE_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(count)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def recovery_codes(user) -> list[str]:
    return list(
        StaticToken.objects.filter(device__user=user, device__confirmed=True)
        .order_by("id")
        .values_list("token", flat=True)
    )


def secret_of(device: TOTPDevice) -> str:
    return b32encode(device.bin_key).decode()


def qr_svg(device: TOTPDevice) -> str:
    """The device's otpauth:// URI as an inline SVG QR code (no script, no external image)."""
    return segno.make(device.config_url, error="m").svg_inline(scale=5, border=2)


def qr_text(device: TOTPDevice) -> str:
    """The same QR code drawn with block characters, for a terminal."""
    out = io.StringIO()
    segno.make(device.config_url, error="m").terminal(out=out, compact=True, border=2)
    return out.getvalue()
