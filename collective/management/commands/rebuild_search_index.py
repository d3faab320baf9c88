"""Recompute every offer's and ask's search vector in bulk (one UPDATE per table; seconds at 100k rows).

Saves keep the vectors current; run this after bulk imports or raw SQL writes. Wagtail's own index
(people, tools, pages) is still rebuilt with `manage.py update_index`.
"""
import time

from django.core.management.base import BaseCommand

from collective import search


class Command(BaseCommand):
    help = "Recompute the stored search vectors of all offers and asks (PostgreSQL)."

    def handle(self, *args, **options):
        started = time.perf_counter()
        search.rebuild_index()
        self.stdout.write(f"Search vectors rebuilt in {time.perf_counter() - started:.1f} s.")
