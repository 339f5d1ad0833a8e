"""Load the demo case (uremic tumoral calcinosis) with its generated images."""

from django.core.management.base import BaseCommand

from caseapp.demo import load_demo


class Command(BaseCommand):
    help = "Load the demo case from fixtures/demo_case.json, generating its images."

    def add_arguments(self, parser):
        parser.add_argument(
            "--replace", action="store_true", help="Delete and reload the demo case if present."
        )

    def handle(self, *args, replace=False, **options):
        case, created = load_demo(replace=replace)
        verb = "Loaded" if created else "Already present:"
        self.stdout.write(f"{verb} demo case “{case.title}” ({case.slug}).")
