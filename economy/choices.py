"""Choices and the economy's price list: points per action, caps, credit costs and unlock thresholds (spec 8.2–8.9)."""

from django.db import models

from members.choices import AvatarFrame


class PointsAction(models.TextChoices):
    # Giving
    RESPOND_TO_ASK = "respond_to_ask", "Responded to an ask"
    COMPLETE_HELP = "complete_help", "Completed a help session"
    HELPFUL_RATING = "helpful_rating", "Received a helpful rating"
    GIVE_FEEDBACK = "give_feedback", "Gave feedback on a project"
    BETA_TEST = "beta_test", "Beta tested an app"
    # Receiving
    ASK_RESPONDED = "ask_responded", "Someone responded to your ask"
    HELP_RECEIVED = "help_received", "Marked help as received"
    # Building
    ADD_OFFER = "add_offer", "Added an offer"
    FIRST_PROJECT_PAGE = "first_project_page", "First project page"
    # Community
    WELCOME_MEMBER = "welcome_member", "Welcomed a new member"
    GET_FOLLOWED = "get_followed", "Got a new follower"
    COMPLETE_ONBOARDING = "complete_onboarding", "Completed onboarding"
    HOST_EVENT = "host_event", "Hosted a community event"
    CHALLENGE_ENTRY = "challenge_entry", "Took part in a weekly challenge"
    CHALLENGE_PICK = "challenge_pick", "Curator's pick in a weekly challenge"
    # Movements that are not earnings: each has its own service. A curator's reversal is a row with the
    # action of the entry it compensates, the opposite amount and `reverses` set.
    GIFT_SENT = "gift_sent", "Gift sent"
    GIFT_RECEIVED = "gift_received", "Gift received"
    POINTS_CONVERSION = "points_conversion", "Converted to credits"


# Spec 8.2: what each earning action is worth.
POINTS_FOR_ACTION: dict[str, int] = {
    PointsAction.RESPOND_TO_ASK: 15,
    PointsAction.COMPLETE_HELP: 25,
    PointsAction.HELPFUL_RATING: 20,
    PointsAction.GIVE_FEEDBACK: 10,
    PointsAction.BETA_TEST: 15,
    PointsAction.ASK_RESPONDED: 5,
    PointsAction.HELP_RECEIVED: 5,
    PointsAction.ADD_OFFER: 10,
    PointsAction.FIRST_PROJECT_PAGE: 20,
    PointsAction.WELCOME_MEMBER: 5,
    PointsAction.GET_FOLLOWED: 2,
    PointsAction.COMPLETE_ONBOARDING: 25,
    # Once per completed event that had at least 3 attendees (community.services.event_award_host_points).
    PointsAction.HOST_EVENT: 40,
    # Defaults; each challenge page sets its own (within CHALLENGE_POINTS_MAX).
    PointsAction.CHALLENGE_ENTRY: 10,
    PointsAction.CHALLENGE_PICK: 50,
}
# Actions whose amount the caller may set (a curator's challenge page), never above this.
VARIABLE_POINTS_ACTIONS = frozenset({PointsAction.CHALLENGE_ENTRY, PointsAction.CHALLENGE_PICK})
CHALLENGE_POINTS_MAX = 200
EARNING_ACTIONS = frozenset(POINTS_FOR_ACTION)

# "Top Helpers This Week" ranks members by points from these (the spec's GIVING group) only.
GIVING_ACTIONS = (
    PointsAction.RESPOND_TO_ASK,
    PointsAction.COMPLETE_HELP,
    PointsAction.HELPFUL_RATING,
    PointsAction.GIVE_FEEDBACK,
    PointsAction.BETA_TEST,
)

# Anti-farming: the most points a member can earn from a cheap, repeatable action per UTC day.
# Actions that need the other member to complete or rate something are not capped.
DAILY_POINTS_CAP: dict[str, int] = {
    PointsAction.RESPOND_TO_ASK: 75,  # 5 responses
    PointsAction.ASK_RESPONDED: 25,  # 5 responses received
    PointsAction.ADD_OFFER: 50,  # 5 offers
    PointsAction.WELCOME_MEMBER: 25,  # 5 welcomes
    PointsAction.GET_FOLLOWED: 20,  # 10 new followers
}

# Milestones of "helped N people" that get their own toast, and of consecutive days of giving.
HELPED_MILESTONES = (1, 5, 10, 25, 50, 100)
STREAK_MILESTONES = (3, 7, 14, 30)


class CreditTransactionType(models.TextChoices):
    """Spec 8.11's types. A curator's reversal keeps the type of the entry it compensates."""

    PURCHASE = "purchase", "Purchase"
    POINTS_CONVERSION = "points_conversion", "Points Conversion"
    GIFT_RECEIVED = "gift_received", "Gift Received"
    GIFT_SENT = "gift_sent", "Gift Sent"
    USAGE = "usage", "Usage"
    REFUND = "refund", "Refund"
    BONUS = "bonus", "Bonus"


class CreditFeature(models.TextChoices):
    AVA_SESSION = "ava_session", "Ava conversation session"
    CLIP = "clip", "Social clip generation"
    COURSE_BUILDER_ASSIST = "course_builder_assist", "Course Builder AI assist"
    IMAGE = "image", "Image generation"


# Spec 8.7 "Credit Usage"; other apps import this to show prices and call `credits_spend`.
FEATURE_COSTS: dict[str, int] = {
    CreditFeature.AVA_SESSION: 1,
    CreditFeature.CLIP: 5,
    CreditFeature.COURSE_BUILDER_ASSIST: 10,
    CreditFeature.IMAGE: 2,
}

# Spec 8.7: 100 points = 10 credits, one way. Conversions happen in whole blocks of 100 points.
POINTS_PER_CONVERSION_BLOCK = 100
CREDITS_PER_CONVERSION_BLOCK = 10

MAX_POINTS_GIFT = 500
MAX_CREDITS_GIFT = 100


class PeerBadgeCategory(models.TextChoices):
    QUALITY = "quality", "Quality"
    SPEED = "speed", "Speed"
    TEACHING = "teaching", "Teaching"
    COMMUNITY = "community", "Community"


# Spec 8.11 seed data (descriptions added so badges explain themselves).
PEER_BADGES = [
    {
        "slug": "amazing-feedback",
        "name": "Amazing Feedback",
        "icon": "🎯",
        "category": "quality",
        "description": "Feedback that was specific, honest and made the work better.",
    },
    {
        "slug": "thorough-review",
        "name": "Thorough Review",
        "icon": "🔍",
        "category": "quality",
        "description": "Looked at every corner and missed nothing.",
    },
    {
        "slug": "quick-responder",
        "name": "Quick Responder",
        "icon": "⚡",
        "category": "speed",
        "description": "Answered fast, right when it mattered.",
    },
    {
        "slug": "fast-helper",
        "name": "Fast Helper",
        "icon": "🚀",
        "category": "speed",
        "description": "Got from question to solution in no time.",
    },
    {
        "slug": "patient-teacher",
        "name": "Patient Teacher",
        "icon": "🎓",
        "category": "teaching",
        "description": "Explained it as many times as it took.",
    },
    {
        "slug": "great-explainer",
        "name": "Great Explainer",
        "icon": "💡",
        "category": "teaching",
        "description": "Made something complicated feel simple.",
    },
    {
        "slug": "welcoming",
        "name": "Welcoming",
        "icon": "👋",
        "category": "community",
        "description": "Made a newcomer feel at home.",
    },
    {
        "slug": "supportive",
        "name": "Supportive",
        "icon": "🤝",
        "category": "community",
        "description": "Encouraging, kind and in your corner.",
    },
]

# Spec 8.9. Unlocks follow the member's *current* points (User.points): converting or gifting points
# trades status for AI power or generosity, and the unlocks come back as points are earned again.
AVATAR_FRAME_THRESHOLDS = (
    (1000, AvatarFrame.DIAMOND),
    (500, AvatarFrame.GOLD),
    (250, AvatarFrame.SILVER),
    (100, AvatarFrame.BRONZE),
)


class Unlock(models.TextChoices):
    BRONZE_FRAME = "bronze_frame", "Bronze avatar frame"
    SILVER_FRAME = "silver_frame", "Silver avatar frame"
    GOLD_FRAME = "gold_frame", "Gold avatar frame"
    DIAMOND_FRAME = "diamond_frame", "Diamond avatar frame + animated effects"
    PRIORITY_PLACEMENT = "priority_placement", "Priority placement in Discover"
    PIN_OFFERS = "pin_offers", "Pin featured offers on your profile"
    OFFER_ANALYTICS = "offer_analytics", "Analytics on your offers"
    EARLY_ACCESS = "early_access", "Early access to new features"
    FEATURED_HELPER = "featured_helper", "Featured in Top Helpers"
    GIVERS_CIRCLE = "givers_circle", "Invitation to the Givers Circle"
    HOST_EVENTS = "host_events", "Host community events"


UNLOCK_THRESHOLDS: dict[str, int] = {
    Unlock.PRIORITY_PLACEMENT: 50,
    Unlock.BRONZE_FRAME: 100,
    Unlock.PIN_OFFERS: 150,
    Unlock.FEATURED_HELPER: 200,
    Unlock.SILVER_FRAME: 250,
    Unlock.OFFER_ANALYTICS: 300,
    Unlock.GIVERS_CIRCLE: 400,
    Unlock.GOLD_FRAME: 500,
    Unlock.EARLY_ACCESS: 500,
    Unlock.HOST_EVENTS: 600,
    Unlock.DIAMOND_FRAME: 1000,
}

UNLOCK_GROUPS = {
    "status": (Unlock.BRONZE_FRAME, Unlock.SILVER_FRAME, Unlock.GOLD_FRAME, Unlock.DIAMOND_FRAME),
    "features": (Unlock.PRIORITY_PLACEMENT, Unlock.PIN_OFFERS, Unlock.OFFER_ANALYTICS, Unlock.EARLY_ACCESS),
    "social": (Unlock.FEATURED_HELPER, Unlock.GIVERS_CIRCLE, Unlock.HOST_EVENTS),
}


def frame_for_points(points: int) -> str:
    for threshold, frame in AVATAR_FRAME_THRESHOLDS:
        if points >= threshold:
            return frame
    return AvatarFrame.NONE
