"""Create the demo resident and educator accounts; development (DEBUG) only."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from caseapp.accounts import DEMO_USERS, create_demo_users


class Command(BaseCommand):
    help = "Create a demo resident and a demo educator (only when DEBUG is on)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("Demo accounts exist only in development (DJANGO_DEBUG=true).")
        create_demo_users()
        self.stdout.write("Sign in at http://127.0.0.1:8000/accounts/login/ with:")
        for user in DEMO_USERS:
            self.stdout.write(f"  {user['role']:<9} {user['username']} / {user['password']}")
