"""Create the demo resident and educator accounts; development (DEBUG) only."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from caseapp.accounts import DEMO_USERS, create_demo_users


class Command(BaseCommand):
    help = "Create a demo resident and a demo educator (only when DEBUG is on)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1", help="where the server listens")
        parser.add_argument("--port", default="8000", help="the server's port")

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("Demo accounts exist only in development (DJANGO_DEBUG=true).")
        create_demo_users()
        host = options["host"]
        if ":" in host and not host.startswith("["):
            host = f"[{host}]"  # an IPv6 address
        self.stdout.write(f"Sign in at http://{host}:{options['port']}/accounts/login/ with:")
        for user in DEMO_USERS:
            self.stdout.write(f"  {user['role']:<9} {user['username']} / {user['password']}")
