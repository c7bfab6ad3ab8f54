"""The admin site: staff log in with a password and a one-time code from their TOTP device, or
one of their recovery codes in the same field.

A staff member without a device (new, or whose devices were removed) logs in with the password
alone and is then led through enrolment (QR code, confirm a code, note the recovery codes);
until that is done, the enrolment page is the only page of the admin they reach. A wrong code
counts as a failed login for django-axes, so codes cannot be guessed faster than passwords.
"""

from django import forms
from django.contrib.auth.signals import user_login_failed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django_otp import login as otp_login
from django_otp.admin import OTPAdminAuthenticationForm, OTPAdminSite

from trials.curation import two_factor

TOKEN_HELP = "The six-digit code from your authenticator app, or one of your recovery codes."


class TokenLoginForm(OTPAdminAuthenticationForm):
    """Username, password and a code; the code's shape says which of the user's devices it is
    for, so a recovery code works at the first try."""

    otp_token = forms.CharField(
        label="Authentication code",
        required=False,
        max_length=32,
        help_text=TOKEN_HELP,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "text",
                "autocapitalize": "none",
                "spellcheck": "false",
                "size": 12,
                "aria-describedby": "otp-token-help",
            }
        ),
    )

    def clean_otp_token(self):
        return two_factor.normalise_code(self.cleaned_data.get("otp_token"))

    def _chosen_device(self, user):
        device = super()._chosen_device(user)
        if device is None:
            device = two_factor.device_for_code(user, self.cleaned_data.get("otp_token") or "")
        return device

    def clean_otp(self, user):
        if user is not None and user.is_staff and not two_factor.has_device(user):
            return  # first login: the site sends them to enrolment and nowhere else
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


class EnrolForm(forms.Form):
    otp_token = forms.CharField(
        label="Code shown by the app",
        max_length=16,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


def needs_enrolment(request) -> bool:
    user = request.user
    return user.is_active and user.is_staff and not two_factor.has_device(user)


class SecureAdminSite(OTPAdminSite):
    """Only staff verified by one of their OTP devices get in (see OTPAdminSite)."""

    login_form = TokenLoginForm
    login_template = "admin/otp_login.html"

    def __init__(self, name="admin"):
        super().__init__(name)

    def get_urls(self):
        return [
            path("enrol/", never_cache(csrf_protect(self.enrol_view)), name="enrol"),
            path(
                "recovery-codes/", self.admin_view(self.recovery_codes_view), name="recovery_codes"
            ),
            *super().get_urls(),
        ]

    def login(self, request, extra_context=None):
        if request.user.is_authenticated and needs_enrolment(request):
            return redirect("admin:enrol")
        return super().login(request, extra_context)

    def enrol_view(self, request):
        """Scan the QR code, confirm one code: the device is theirs, then the recovery codes."""
        if not request.user.is_authenticated:
            return redirect("admin:login")
        if not needs_enrolment(request):
            return redirect("admin:index")
        device = two_factor.pending_totp_device(request.user)
        form = EnrolForm(request.POST or None)
        if form.is_valid():
            if two_factor.confirm_totp_device(device, form.cleaned_data["otp_token"]):
                otp_login(request, device)
                codes = two_factor.new_recovery_codes(request.user)
                return self._recovery_codes_page(request, codes, enrolled=True)
            form.add_error("otp_token", "That code does not match: try the app's current one.")
        context = {
            **self.each_context(request),
            "is_nav_sidebar_enabled": False,  # nothing else is open to them yet
            "available_apps": [],
            "title": "Set up your authenticator app",
            "form": form,
            "qr_svg": two_factor.qr_svg(device),
            "secret": two_factor.secret_of(device),
        }
        return TemplateResponse(request, "admin/enrol.html", context)

    def recovery_codes_view(self, request):
        if request.method == "POST":
            codes = two_factor.new_recovery_codes(request.user)
        else:
            codes = two_factor.recovery_codes(request.user)
        return self._recovery_codes_page(request, codes, regenerated=request.method == "POST")

    def _recovery_codes_page(self, request, codes, **flags):
        context = {
            **self.each_context(request),
            "title": "Your recovery codes",
            "codes": codes,
            "continue_url": reverse("admin:index"),
            **flags,
        }
        return TemplateResponse(request, "admin/recovery_codes.html", context)
