"""Embed every offer, ask, member and tool whose text or model changed (all of them after a model switch).

Batched and resumable: `--kind offer --after 52000` continues where an interrupted run stopped (the last id
done is printed with the progress bar); unchanged rows are skipped by their text hash anyway.
"""
import sys
import time

from django.core.management.base import BaseCommand

from matching import index, pgvector
from matching.choices import Kind
from matching.documents import SOURCES
from matching.services import embeddings_refresh


class Command(BaseCommand):
    help = "Embed offers, asks, members and tools for meaning-based search and matching (batched, resumable)."

    def add_arguments(self, parser):
        parser.add_argument("--kind", choices=Kind.values, action="append", help="Only these kinds (repeatable).")
        parser.add_argument("--after", type=int, default=0, help="Resume after this id (with one --kind).")
        parser.add_argument("--batch", type=int, default=1000)
        parser.add_argument("--force", action="store_true", help="Re-embed even unchanged rows.")

    def handle(self, *args, kind=None, after=0, batch=1000, force=False, verbosity=1, **options):
        if verbosity:
            where = ("pgvector is available on this server" if pgvector.available()
                     else "in-process index (no pgvector extension here)")
            self.stdout.write(f"Dense search: {where}.")
        for name in kind or Kind.values:
            total = SOURCES[name][0]().filter(pk__gt=after).count()
            done, started = 0, time.monotonic()

            def progress(last_id: int, count: int, name=name, total=total) -> None:
                nonlocal done
                done += count
                if verbosity:
                    width = 30
                    filled = int(width * done / max(total, 1))
                    self.stdout.write(f"\r{name:7} [{'#' * filled}{'.' * (width - filled)}] {done}/{total} "
                                      f"(last id {last_id})", ending="")
                    self.stdout.flush()

            written = embeddings_refresh(kind=name, after=after, batch=batch, force=force, progress=progress)
            index.invalidate(name)
            if verbosity:
                self.stdout.write(f"\n{name}: {written} embedded of {total} in {time.monotonic() - started:.1f}s")
        sys.stdout.flush()
