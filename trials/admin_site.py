"""The admin site: staff log in with a password and a one-time code from their TOTP device.

Enrol a device with ``manage.py enrol_totp USERNAME`` (README "Curation and roles"). A wrong
code counts as a failed login for django-axes, so codes cannot be guessed faster than
passwords.
"""

from django import forms
from django.contrib.auth.signals import user_login_failed
from django_otp import devices_for_user
from django_otp.admin import OTPAdminAuthenticationForm, OTPAdminSite
from django_otp.plugins.otp_totp.models import TOTPDevice


class TokenLoginForm(OTPAdminAuthenticationForm):
    """Username, password and the code; the device is the user's own when there is one only."""

    otp_token = forms.CharField(
        label="Authentication code",
        required=False,
        max_length=16,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "size": 8}
        ),
    )

    def _chosen_device(self, user):
        device = super()._chosen_device(user)
        if device is None and not self.cleaned_data.get("otp_device"):
            # No choice made: the user's only device, else their only TOTP device (a user
            # who also holds recovery codes picks those in the list shown after a try).
            devices = list(devices_for_user(user, confirmed=True, for_verify=True))
            totp = [d for d in devices if isinstance(d, TOTPDevice)]
            if len(devices) == 1:
                device = devices[0]
            elif len(totp) == 1:
                device = totp[0]
        return device

    def clean_otp(self, user):
        try:
            super().clean_otp(user)
        except forms.ValidationError:
            if user is not None and self.request is not None:
                user_login_failed.send(
                    sender=__name__,
                    credentials={"username": user.get_username()},
                    request=self.request,
                )
            raise


class SecureAdminSite(OTPAdminSite):
    """Only staff verified by one of their OTP devices get in (see OTPAdminSite)."""

    login_form = TokenLoginForm
    login_template = "admin/otp_login.html"

    def __init__(self, name="admin"):
        super().__init__(name)
