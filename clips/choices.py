from django.db import models


class ClipSource(models.TextChoices):
    OFFER = "offer", "One of my offers"
    COURSE = "course", "One of my courses"
    PROFILE = "profile", "My profile"
    ENDORSEMENT = "endorsement", "An endorsement I received"
    MILESTONE = "milestone", "My “helped” milestone"


class ClipSize(models.TextChoices):
    SQUARE = "square", "Square · 1080 × 1080"
    STORY = "story", "Story · 1080 × 1920"


class ClipTemplate(models.TextChoices):
    SPOTLIGHT = "spotlight", "Spotlight"
    SUNRISE = "sunrise", "Sunrise"
    PAPER = "paper", "Paper"


class ClipStatus(models.TextChoices):
    PENDING = "pending", "Waiting to render"
    RENDERING = "rendering", "Rendering"
    READY = "ready", "Ready"
    FAILED = "failed", "Failed"
