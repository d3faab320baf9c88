from django.db import models


class TaxonomyType(models.TextChoices):
    TOOL = "tool", "Tool"
    CATEGORY = "category", "Category"
    TOPIC = "topic", "Topic"
    GOAL = "goal", "Goal"
    INDUSTRY = "industry", "Industry"
    INTEREST = "interest", "Interest"
    SKILL = "skill", "Skill"
    MODALITY = "modality", "Learning Modality"
    OUTCOME = "outcome", "Learning Outcome"
    CONTENT_TYPE = "content_type", "Content Type"
    TIME_INVESTMENT = "time_investment", "Time Investment"
    DIFFICULTY = "difficulty", "Difficulty"
    PRICING = "pricing", "Pricing"
    PERSONALITY = "personality", "Personality Type"
    LEARNING_STYLE = "learning_style", "Learning Style"
    ROLE = "role", "Role"
    OFFER_CATEGORY = "offer_category", "Offer Category"


class OfferType(models.TextChoices):
    APP = "app", "App/Tool"
    TEMPLATE = "template", "Template"
    COURSE = "course", "Course"
    POST = "post", "Post"
    LINK = "link", "Link"
    SERVICE = "service", "Service"
    MENTORSHIP = "mentorship", "Mentorship"
    SKILL = "skill", "Skill"
    FEEDBACK = "feedback", "Feedback"


class OfferStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    ACTIVE = "active", "Active"
    PAUSED = "paused", "Paused"
    ARCHIVED = "archived", "Archived"


# Statuses in which others may see an offer (paused ones show, but take no new connections or sales).
PUBLIC_OFFER_STATUSES = (OfferStatus.ACTIVE, OfferStatus.PAUSED)


class PricingType(models.TextChoices):
    FREE = "free", "Free"
    ONE_TIME = "one_time", "One-time"
    HOURLY = "hourly", "Hourly"
    MONTHLY = "monthly", "Monthly"
    CUSTOM = "custom", "Contact"


class AskType(models.TextChoices):
    BETA_TESTER = "beta_tester", "Beta Testers"
    FEEDBACK = "feedback", "Feedback"
    COLLABORATOR = "collaborator", "Collaborator"
    LEARNING = "learning", "Learning Goal"
    HIRE = "hire", "Hiring"
    ADVICE = "advice", "Advice"
    INTRODUCTION = "introduction", "Introduction"


class AskStatus(models.TextChoices):
    OPEN = "open", "Open"
    IN_PROGRESS = "in_progress", "In Progress"
    FULFILLED = "fulfilled", "Fulfilled"
    CLOSED = "closed", "Closed"


class ConnectionType(models.TextChoices):
    ASK_RESPONSE = "ask_response", "Ask Response"
    OFFER_INQUIRY = "offer_inquiry", "Offer Inquiry"
    DIRECT = "direct", "Direct"


class ConnectionStatus(models.TextChoices):
    INITIATED = "initiated", "Initiated"
    DISCUSSING = "discussing", "Discussing"
    ACCEPTED = "accepted", "Accepted"
    IN_PROGRESS = "in_progress", "In Progress"
    COMPLETED = "completed", "Completed"
    DECLINED = "declined", "Declined"
    CANCELLED = "cancelled", "Cancelled"


# A connection in one of these states no longer blocks a new one between the same people.
CLOSED_CONNECTION_STATUSES = (ConnectionStatus.COMPLETED, ConnectionStatus.DECLINED, ConnectionStatus.CANCELLED)

# Profile storefront subsections (spec 5.2), in display order.
OFFER_SECTIONS = (
    ("working_on", "Things I'm Working On", (OfferType.APP,)),
    ("learn_from_me", "Learn From Me", (OfferType.COURSE, OfferType.TEMPLATE, OfferType.POST)),
    ("work_with_me", "Work With Me", (OfferType.SERVICE, OfferType.MENTORSHIP, OfferType.SKILL, OfferType.FEEDBACK)),
    ("things_i_love", "Things I Love", (OfferType.LINK,)),
)
