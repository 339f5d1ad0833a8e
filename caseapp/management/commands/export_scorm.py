"""Export a published case as a SCORM 1.2 or SCORM 2004 (4th edition) package."""

from django.core.management.base import BaseCommand, CommandError

from caseapp.models import Case
from caseapp.scorm.package import PackageError, build_package


class Command(BaseCommand):
    help = "Write a SCORM package (zip) of the published case with this slug."

    def create_parser(self, prog_name, subcommand, **kwargs):
        # Our --version names the SCORM version; it replaces Django's own --version flag.
        kwargs.setdefault("conflict_handler", "resolve")
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument(
            "--version", dest="scorm_version", choices=["1.2", "2004"], required=True
        )
        parser.add_argument("--output", required=True, help="Path of the .zip to write.")

    def handle(self, *args, slug, scorm_version, output, **options):
        case = Case.objects.filter(slug=slug).select_related("published_version").first()
        if case is None:
            raise CommandError(f"No case has the slug “{slug}”.")
        try:
            with open(output, "wb") as handle:
                build_package(case, scorm_version, handle)
        except PackageError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Exported “{case.title}” as SCORM {scorm_version} to {output}.")
