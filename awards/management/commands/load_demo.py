from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from awards.demo.assessment import DEMO_TOTP_SECRETS, REVIEWER
from awards.demo.load import DEMO_ACCOUNTS, load_demo


class Command(BaseCommand):
    help = "Load the demo data (the 2015 call with its ten awards, an open call, demo accounts)."

    def handle(self, *args, **options):
        load_demo()
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        call_command("opendata_exports", stdout=self.stdout)
        self.stdout.write("Demo accounts (e-mail / password):")
        for account in DEMO_ACCOUNTS:
            self.stdout.write(f"  {account.role}: {account.email} / {account.password}")
        self.stdout.write(f"  {REVIEWER['role']}: {REVIEWER['email']} / {REVIEWER['password']}")
        if getattr(settings, "UTLYSNING_STAFF_MFA_REQUIRED", True):
            self.stdout.write(
                "Staff log in with an authenticator code (TOTP). Add these secrets to an "
                "authenticator app, or print the current codes with `manage.py demo_totp`:"
            )
            for username, secret in DEMO_TOTP_SECRETS.items():
                self.stdout.write(f"  {username}: {secret}")
        else:
            self.stdout.write("Two-factor authentication for staff is off (development only).")
