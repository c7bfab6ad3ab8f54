from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from trials.curation import two_factor


class Command(BaseCommand):
    help = (
        "Give a staff user a TOTP device for the admin's two-factor login and print it as a QR "
        "code and an otpauth:// URI (add it to an authenticator app)."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument(
            "--replace", action="store_true", help="delete the user's other TOTP devices first"
        )

    def handle(self, *args, username, replace, **options):
        User = get_user_model()
        try:
            user = User.objects.get_by_natural_key(username)
        except User.DoesNotExist as error:
            raise CommandError(f"No user is called {username!r}.") from error
        if not user.is_staff:
            raise CommandError(f"{username} is not staff: only staff reach the admin.")
        device = two_factor.new_totp_device(user, replace=replace)
        self.stdout.write("Scan this QR code with an authenticator app:")
        self.stdout.write(two_factor.qr_text(device))
        self.stdout.write(f"or add this URI: {device.config_url}")
        self.stdout.write(f"secret: {two_factor.secret_of(device)}")
        self.stdout.write(self.style.SUCCESS(f"TOTP device enrolled for {username}."))
