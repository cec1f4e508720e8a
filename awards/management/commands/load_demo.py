from django.core.management.base import BaseCommand

from awards.demo import DEMO_ACCOUNTS, load_demo


class Command(BaseCommand):
    help = "Load the demo data (the 2015 call with its ten awards, an open call, demo accounts)."

    def handle(self, *args, **options):
        load_demo()
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        self.stdout.write("Demo accounts (e-mail / password):")
        for account in DEMO_ACCOUNTS:
            self.stdout.write(f"  {account.role}: {account.email} / {account.password}")
