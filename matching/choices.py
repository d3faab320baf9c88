from django.db import models


class Kind(models.TextChoices):
    """What is embedded: one vector per row of these."""
    OFFER = "offer", "Offer"
    ASK = "ask", "Ask"
    MEMBER = "member", "Member"
    TOOL = "tool", "Tool"


class IntroductionStatus(models.TextChoices):
    SUGGESTED = "suggested", "Suggested"
    ACCEPTED = "accepted", "Introduced"
    DISMISSED = "dismissed", "Not now"
