import time

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core.management.base import BaseCommand

from awards.demo.assessment import DEMO_TOTP_SECRETS


class Command(BaseCommand):
    help = "Print the current authenticator codes of the demo staff accounts (demo only)."

    def handle(self, *args, **options):
        counter = int(time.time()) // 30
        left = 30 - int(time.time()) % 30
        for username, secret in DEMO_TOTP_SECRETS.items():
            code = format_hotp_value(hotp_value(secret, counter))
            self.stdout.write(f"{username}: {code} (valid {left} more seconds)")
