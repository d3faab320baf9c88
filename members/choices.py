from django.db import models


class Role(models.TextChoices):
    MEMBER = "member", "Member"
    CREATOR = "creator", "Creator"
    AGENT = "agent", "Agent"
    CURATOR = "curator", "Curator"
    ADMIN = "admin", "Admin"


class Tier(models.TextChoices):
    SEEDLING = "seedling", "Seedling"
    SPROUT = "sprout", "Sprout"
    BLOSSOM = "blossom", "Blossom"
    BLOOM = "bloom", "Bloom"
    EVERGREEN = "evergreen", "Evergreen"
    CURATION = "curation", "Curation team"


class AvatarFrame(models.TextChoices):
    NONE = "none", "None"
    BRONZE = "bronze", "Bronze"
    SILVER = "silver", "Silver"
    GOLD = "gold", "Gold"
    DIAMOND = "diamond", "Diamond"


class AgentHosting(models.TextChoices):
    PLATFORM = "platform", "Platform-hosted"
    BYOK = "byok", "Bring your own key"


class AgentCapability(models.TextChoices):
    ANSWER = "answer", "Answers questions"
    SEARCH = "search", "Finds offers and people in the collective"
    REVIEW = "review", "Reviews work and gives feedback"
    DRAFT = "draft", "Drafts responses to asks (sent after owner approval)"
    WRITE = "write", "Writes and edits text"
