"""`manage.py seed_community_demo`: two demo events and this week's challenge, for local runs and demos.

Refused unless settings.DEMO_SEED_ALLOWED (never in production). Idempotent: events by title, the
challenge by slug; runs after seed_pages and seed_demo (it needs the Community page and demo members).
"""
from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from community.models import ChallengePage, CommunityIndexPage, Event
from members.models import User

EVENTS = [
    ("Prompt clinic: bring your hardest prompt", 2, 18, "Online", "https://meet.example.com/prompt-clinic", 12),
    ("Build night: ship a tiny agent", 6, 17, "Lisbon, LX Factory", "", 3),
]


class Command(BaseCommand):
    help = "Create demo community events and a weekly challenge (local and demo settings only)."

    def handle(self, *args, **options):
        if not getattr(settings, "DEMO_SEED_ALLOWED", False):
            raise CommandError("seed_community_demo is disabled: settings.DEMO_SEED_ALLOWED is false.")
        host = User.objects.filter(is_superuser=True).order_by("pk").first()
        index = CommunityIndexPage.objects.first()
        if host is None or index is None:
            self.stdout.write("Skipped: run seed_pages and seed_demo first.")
            return
        created = 0
        with transaction.atomic():
            today = timezone.now().replace(minute=0, second=0, microsecond=0)
            for title, days, hour, location, url, capacity in EVENTS:
                if Event.objects.filter(title=title).exists():
                    continue
                start = (today + timedelta(days=days)).replace(hour=hour)
                Event.objects.create(
                    host=host, title=title, starts_at=start, ends_at=start + timedelta(hours=2), capacity=capacity,
                    description="Come as you are. We'll pair up, share what we're stuck on and help each other "
                                "**ship**. Bring a laptop and one thing you want feedback on.",
                    location="" if url else location, online_url=url)
                created += 1
            if not ChallengePage.objects.filter(slug="ship-a-tiny-agent").exists():
                monday = timezone.now().date() - timedelta(days=timezone.now().weekday())
                page = ChallengePage(
                    title="Ship a tiny agent", slug="ship-a-tiny-agent", week_start=monday,
                    week_end=monday + timedelta(days=6), participation_points=10, pick_points=50,
                    brief=[("rich_text", "<p>Build an agent that does <b>one</b> small thing well: sorts your "
                                         "inbox, names your files, drafts your standup. Share a link or an offer, "
                                         "and a sentence on what surprised you.</p>")])
                index.add_child(instance=page)
                page.save_revision().publish()
                created += 1
        self.stdout.write(self.style.SUCCESS(f"Community demo ready ({created} created)."))
