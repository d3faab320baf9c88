from django.db import models


class OnboardingStep(models.TextChoices):
    """The parts of the onboarding chat (spec 3.2), in order. Follow-ups belong to Generosity."""

    WELCOME = "welcome", "Welcome"
    CURIOSITY = "curiosity", "Curiosity"
    GENEROSITY = "generosity", "Generosity"
    FOLLOWUPS = "followups", "Generosity follow-ups"
    RESPECT = "respect", "Respect"
    COMPLETE = "complete", "Complete"


STEP_ORDER = list(OnboardingStep.values)


class Sender(models.TextChoices):
    MEMBER = "member", "Member"
    AVA = "ava", "Ava"


class DraftKind(models.TextChoices):
    ASK = "ask", "Ask"
    OFFER = "offer", "Offer"


class DraftStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    POSTED = "posted", "Posted"
    DISMISSED = "dismissed", "Dismissed"
