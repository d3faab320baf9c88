"""`manage.py seed_sage_courses`: Sage's published courses and learning path (idempotent, one transaction)."""
from django.core.management.base import BaseCommand, CommandError

from core.errors import ApplicationError
from courses.seeding import sage_courses_seed


class Command(BaseCommand):
    help = ("Create /discover/courses/ and the Course creators group if missing, then publish Sage's courses "
            "(adopting Sage's demo offers) and Sage's public learning path. Existing ones are kept unless --overwrite.")

    def add_arguments(self, parser):
        parser.add_argument("--overwrite", action="store_true", help="Rebuild Sage's courses and path from the fixture.")
        parser.add_argument("--demo-progress", action="store_true",
                            help="Also enroll the demo member @mayaokafor in two courses with some progress.")

    def handle(self, *args, overwrite: bool = False, demo_progress: bool = False, **options):
        try:
            report = sage_courses_seed(overwrite=overwrite, demo_progress=demo_progress)
        except ApplicationError as error:
            raise CommandError(error.message) from error
        self.stdout.write(self.style.SUCCESS(
            f"Sage's courses: {len(report.created)} published, {len(report.kept)} kept; "
            f"{len(report.adopted_offers)} demo offer(s) adopted; {len(report.paths)} learning path(s) written."
        ))
        if report.kept:
            self.stdout.write(f"  Kept as they are: {', '.join(report.kept)} (use --overwrite to rebuild).")
        if report.demo_progress:
            self.stdout.write("  @mayaokafor is enrolled in two courses with some progress.")
