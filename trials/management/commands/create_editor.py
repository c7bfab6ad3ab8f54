import getpass
import sys

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from trials.curation import roles, two_factor


class Command(BaseCommand):
    help = (
        "Create a staff user in the editor-in-chief group (the first administrator) with an "
        "authenticator device, printed as a QR code, and one-time recovery codes."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--email", default="")
        parser.add_argument(
            "--group",
            default=roles.EDITOR_IN_CHIEF,
            choices=(roles.EDITOR_IN_CHIEF, roles.CURATOR),
            help="the role (default: editor-in-chief)",
        )

    def handle(self, *args, username, email, group, **options):
        User = get_user_model()
        if User.objects.filter(**{User.USERNAME_FIELD: username}).exists():
            raise CommandError(
                f"{username!r} exists already: `enrol_totp {username} --replace` gives them a "
                "new device."
            )
        password = self._password(User(username=username, email=email))
        roles.setup_roles()
        with transaction.atomic():
            user = User.objects.create_user(username, email=email, password=password)
            user.is_staff = True
            user.save(update_fields=["is_staff"])
            user.groups.add(Group.objects.get(name=group))
            device = two_factor.new_totp_device(user)
            codes = two_factor.new_recovery_codes(user)
        self.stdout.write("Scan this QR code with an authenticator app:")
        self.stdout.write(two_factor.qr_text(device))
        self.stdout.write(f"or add this URI: {device.config_url}")
        self.stdout.write(f"or type this secret: {two_factor.secret_of(device)}")
        self.stdout.write("Recovery codes (each works once in place of the app's code; keep them):")
        self.stdout.write("  " + "  ".join(codes))
        self.stdout.write(
            self.style.SUCCESS(
                f"{username} ({group}) created. Log in at /admin/ with the password and the "
                "app's six-digit code."
            )
        )

    def _password(self, user) -> str:
        """Asked twice at a terminal; read from the first line of standard input otherwise."""
        if sys.stdin.isatty():
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("Password (again): "):
                raise CommandError("The two passwords differ.")
        else:
            password = sys.stdin.readline().rstrip("\n")
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        return password
