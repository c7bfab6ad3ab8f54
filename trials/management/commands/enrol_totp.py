from base64 import b32encode

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice


class Command(BaseCommand):
    help = (
        "Give a staff user a TOTP device for the admin's two-factor login and print its "
        "otpauth:// URI (add it to an authenticator app)."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="authenticator", help="the device's name")
        parser.add_argument(
            "--replace", action="store_true", help="delete the user's other TOTP devices first"
        )

    def handle(self, *args, username, name, replace, **options):
        User = get_user_model()
        try:
            user = User.objects.get_by_natural_key(username)
        except User.DoesNotExist as error:
            raise CommandError(f"No user is called {username!r}.") from error
        if not user.is_staff:
            raise CommandError(f"{username} is not staff: only staff reach the admin.")
        with transaction.atomic():
            removed = 0
            if replace:
                removed, _ = TOTPDevice.objects.filter(user=user).delete()
            device = TOTPDevice.objects.create(user=user, name=name, confirmed=True)
        if removed:
            self.stdout.write(f"Removed {removed} earlier TOTP device(s).")
        self.stdout.write("Add this URI to an authenticator app (or type the secret by hand):")
        self.stdout.write(device.config_url)
        self.stdout.write(f"secret: {b32encode(device.bin_key).decode()}")
        self.stdout.write(self.style.SUCCESS(f"TOTP device {name!r} enrolled for {username}."))
