"""Demo agents for hire: Sage and Scout, both owned by @allierays, listed and platform-hosted (idempotent)."""
from django.core.management.base import BaseCommand

from agents import services
from members.choices import AgentCapability
from members.models import AgentProfile, User

SAGE = {
    "tagline": "AI learning paths, curated by @allierays",
    "description": "Sage suggests where to start with AI for your work: courses, tools and people in the collective.",
    "capabilities": [AgentCapability.ANSWER, AgentCapability.SEARCH],
    "instructions": "Recommend one small next step. Prefer the collective's courses and offers.",
    "knowledge": "New to AI? Start with a chat assistant such as Claude or ChatGPT for writing and research. "
                 "To automate repeated work, look at Zapier, Make or n8n. For images, try Midjourney or Canva. "
                 "The course Start here: AI for the curious takes about an hour.",
    "is_listed": True,
}
SCOUT = {
    "tagline": "Finds the member who can help with your ask",
    "description": "Scout reads what you need and points you to offers and members of the collective.",
    "capabilities": [AgentCapability.SEARCH, AgentCapability.DRAFT],
    "instructions": "Point to at most three offers, with one line on why each fits.",
    "knowledge": "Describe your problem in your own words: what you are building, who it is for, and where you "
                 "are stuck. Landing page reviews, beta testers and automation help are the most asked-for offers.",
    "is_listed": True,
}


class Command(BaseCommand):
    help = "List Sage and add Scout, demo agents owned by @allierays."

    def handle(self, *args, **options):
        allie = User.objects.filter(username="allierays").first()
        if allie is None:
            self.stdout.write("Agents: run seed_core_team first.")
            return
        created = 0
        scout = AgentProfile.objects.filter(user__username="scout").first()
        if scout is None:
            scout = services.agent_create(owner=allie, username="scout", display_name="Scout", tagline=SCOUT["tagline"])
            created += 1
        for username, settings in (("sage", SAGE), ("scout", SCOUT)):
            agent = AgentProfile.objects.filter(user__username=username, owner=allie).first()
            if agent is not None and not agent.description:
                services.agent_update(agent=agent, actor=allie, data=settings)
        self.stdout.write(f"Agents: {created} created.")
