"""Import a case archive; a broken or hostile archive imports nothing."""

from django.core.management.base import BaseCommand, CommandError

from caseapp.archive import ArchiveError, import_case


class Command(BaseCommand):
    help = "Create a case from a case archive (zip)."

    def add_arguments(self, parser):
        parser.add_argument("path", help="The .zip archive.")
        parser.add_argument(
            "--replace", action="store_true", help="Replace a case with the same slug."
        )

    def handle(self, *args, path, replace=False, **options):
        try:
            with open(path, "rb") as handle:
                case = import_case(handle, replace=replace)
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror}.") from exc
        except ArchiveError as exc:
            raise CommandError("Nothing was imported: " + " ".join(exc.problems)) from exc
        self.stdout.write(f"Imported “{case.title}” ({case.slug}).")
