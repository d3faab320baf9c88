"""Load the curated tools fixture into the page tree: `manage.py load_tools fixtures/tools.yaml`."""
from pathlib import Path

import yaml
from django.core.management.base import BaseCommand, CommandError

from core.errors import ApplicationError
from tools_directory.services import tools_fixture_validate, tools_load

PROGRESS_EVERY = 25


class Command(BaseCommand):
    help = ("Create or update one published tool page per entry of a YAML fixture (idempotent, one transaction). "
            "Pages a curator has edited or unpublished are kept unless --overwrite is given.")

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="YAML file with a top-level `tools:` list.")
        parser.add_argument("--overwrite", action="store_true",
                            help="Also replace tool pages that curators have edited or unpublished.")

    def handle(self, *args, path: Path, overwrite: bool, verbosity: int = 1, **options):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except OSError as exc:
            raise CommandError(f"Can't read {path}: {exc.strerror or exc}.") from exc
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
            raise CommandError(f"{path} is not valid YAML{where}: {getattr(exc, 'problem', None) or exc}.") from exc

        def progress(position: int, total: int, slug: str, outcome: str) -> None:
            if verbosity >= 2:
                self.stdout.write(f"  [{position}/{total}] {slug}: {outcome}")
            elif verbosity == 1 and (position % PROGRESS_EVERY == 0 or position == total):
                self.stdout.write(f"  {position}/{total} tools processed")

        try:
            specs = tools_fixture_validate(data)
            if verbosity >= 1:
                self.stdout.write(f"Loading {len(specs)} tools from {path} into /discover/tools/ …")
            report = tools_load(specs=specs, overwrite=overwrite, on_progress=progress)
        except ApplicationError as exc:
            raise CommandError(f"{path}: {exc.message}") from exc

        summary = f"Tools: {len(report.created)} created, {len(report.updated)} updated, {len(report.skipped)} skipped"
        if report.skipped:
            reasons = [f"{len(report.unchanged)} unchanged"]
            if report.kept:
                reasons.append(f"{len(report.kept)} edited or unpublished by curators")
            summary += f" ({', '.join(reasons)})"
        self.stdout.write(self.style.SUCCESS(summary))
        if report.kept and verbosity >= 1:
            self.stdout.write(f"  Kept curator changes to: {', '.join(report.kept)} (use --overwrite to replace).")
