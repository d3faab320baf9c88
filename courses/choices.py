"""Choices of the courses app."""
from django.db import models


class Difficulty(models.TextChoices):
    BEGINNER = "beginner", "Beginner"
    INTERMEDIATE = "intermediate", "Intermediate"
    ADVANCED = "advanced", "Advanced"


class CoursePricing(models.TextChoices):
    """The subset of collective's PricingType a course can be sold with (checkout handles both)."""

    FREE = "free", "Free"
    ONE_TIME = "one_time", "One-time price"


class CourseSort(models.TextChoices):
    POPULAR = "popular", "Most learners"
    NEWEST = "newest", "Newest"
    SHORTEST = "shortest", "Shortest first"


class PriceFilter(models.TextChoices):
    FREE = "free", "Free"
    PAID = "paid", "Paid"


class ProposalSource(models.TextChoices):
    SCRIPTED = "scripted", "Built-in outline"
    MODEL = "model", "AI model"
