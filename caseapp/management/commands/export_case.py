"""Export a case as a portable archive (case.json plus images, zipped)."""

from django.core.management.base import BaseCommand, CommandError

from caseapp.archive import export_case
from caseapp.models import Case


class Command(BaseCommand):
    help = "Write a case archive (zip) for the case with this slug."

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("--output", required=True, help="Path of the .zip to write.")

    def handle(self, *args, slug, output, **options):
        case = Case.objects.filter(slug=slug).first()
        if case is None:
            raise CommandError(f"No case has the slug “{slug}”.")
        with open(output, "wb") as handle:
            export_case(case, handle)
        self.stdout.write(f"Exported “{case.title}” to {output}.")
