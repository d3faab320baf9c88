from django.db import models


class ToolPricing(models.TextChoices):
    FREE = "free", "Free"
    FREEMIUM = "freemium", "Freemium"
    PAID = "paid", "Paid"
    OPEN_SOURCE = "open_source", "Open source"


class ToolStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    RETIRED = "retired", "Retired"


class ToolSort(models.TextChoices):
    POPULAR = "popular", "Most used"
    NAME = "name", "Name A–Z"
