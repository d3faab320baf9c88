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


class TrustLevel(models.IntegerChoices):
    """Discourse-style levels, earned from account age, points and completed help (members.trust)."""

    NEW = 0, "New"
    BASIC = 1, "Basic"
    MEMBER = 2, "Member"
    REGULAR = 3, "Regular"
    LEADER = 4, "Leader"  # curators and staff


class LimitedAction(models.TextChoices):
    """Actions counted by the one limiter (members.trust.action_consume), on pages and in the API alike."""

    OFFER = "offer", "offers"
    ASK = "ask", "asks"
    CONNECTION_REQUEST = "connection_request", "connection requests"
    MESSAGE = "message", "messages"


class FieldVisibility(models.TextChoices):
    EVERYONE = "everyone", "Everyone"
    MEMBERS = "members", "Signed-in members"
    ONLY_ME = "only_me", "Only me"


# Optional profile fields a member may hide (field → label); the default is EVERYONE.
PRIVATE_PROFILE_FIELDS = {
    "tagline": "Tagline",
    "bio": "Bio",
    "activity": "Recent activity",
    "follows": "Followers and following lists",
}
