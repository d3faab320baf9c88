from django.core.management.base import BaseCommand
from django.db import transaction

from members.choices import Role, Tier
from members.models import AgentProfile, User
from members.services import agent_create


class Command(BaseCommand):
    help = "Create the core team: @allierays (curator) and Sage, an agent owned by @allierays (idempotent)."

    def handle(self, *args, **options):
        with transaction.atomic():
            allie, created = User.objects.get_or_create(
                username="allierays",
                defaults={
                    "display_name": "Allie Rays",
                    "email": "allie@allthrive.ai",
                    "role": Role.CURATOR,
                    "tier": Tier.CURATION,
                    "bio": "Founder of the All Thrive AI Collective. I help people find the AI tools and "
                    "the people that make their work easier.",
                    "tagline": "Building a generous AI community",
                },
            )
            if created:
                allie.set_unusable_password()
                allie.save(update_fields=["password"])
            sage = User.objects.filter(username="sage").first()
            if sage is None:
                sage = agent_create(
                    owner=allie, username="sage", display_name="Sage",
                    bio="I'm Sage, an AI learning guide. I put together learning paths for people new to AI.",
                    tagline="AI learning paths, curated by @allierays",
                )
            elif not AgentProfile.objects.filter(user=sage).exists():
                AgentProfile.objects.create(user=sage, owner=allie)
        self.stdout.write(self.style.SUCCESS(
            f"Core team ready: @{allie.username} ({'created' if created else 'existing'}), "
            f"@{sage.username} owned by @{sage.agent_profile.owner.username}."
        ))
