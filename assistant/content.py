"""Everything Ava says in the scripted onboarding (spec 3.2), and the suggestions she offers.

Kept apart from the logic so copy can change without touching the state machine.
"""
from dataclasses import dataclass

from collective.choices import AskType, OfferType
from core.community import GUIDELINES

WELCOME = (
    "Welcome to All Thrive — The Ask & Offer AI Collective.\n\n"
    "We believe everyone has something to offer and the ability to ask for what they need.\n\n"
    "Our values are **Generosity**, **Curiosity**, and **Respect**.\n\n"
    "We ask that you come with an open mind, share what you're working on, and ask and offer freely.\n\n"
    "We're glad you're here. Let's get started."
)
CURIOSITY = (
    "Let's start with **Curiosity**.\n\n"
    "What do you need right now? What are you trying to learn or figure out?\n\n"
    "Select any that apply, or type your own:"
)
GENEROSITY = (
    "Now let's talk about **Generosity** — giving for the joy of giving.\n\n"
    "What it **is**: unconditional, with no expectation of anything back; consent-based — you choose what "
    "and when to give.\n\n"
    "What it is **not**: bartering or trading, or an obligation — your presence is enough.\n\n"
    "What do *you* have to offer?"
)
RESPECT = (
    "Finally, **Respect**.\n\n"
    "Our community guidelines:"
)
RESPECT_OUTRO = "These guidelines help us maintain a generous, curious, and respectful space."
COMPLETE = "You're all set! Welcome to the collective."
COMPLETE_OUTRO = "You can always update these from your profile.\n\nReady to explore?"

MEMBER_WELCOME_REPLY = "Let's go!"
MEMBER_AGREED = "I agree to these guidelines ✓"
RESPECT_NUDGE = ("Take your time — read them through. When you're ready, tap **I agree** "
                 "(or just type “I agree”).")
AGREEMENT_WORDS = ("agree", "yes", "yep", "ok", "okay", "sure", "i do", "deal", "sounds good", "👍")


@dataclass(frozen=True)
class AskSuggestion:
    key: str
    label: str
    title: str
    description: str
    ask_type: str
    category: str


@dataclass(frozen=True)
class OfferSuggestion:
    key: str
    label: str
    group: str
    # Built things and services get a follow-up question; skills are created as they are.
    followup: str = ""
    title: str = ""
    description: str = ""
    offer_type: str = ""
    category: str = ""


# Spec 3.3 ASK_SUGGESTIONS.
ASK_SUGGESTIONS = (
    AskSuggestion("beta_testers", "Beta testers", "Looking for beta testers",
                  "I'm building something and would love a few people to try it and tell me honestly what works "
                  "and what doesn't.", AskType.BETA_TESTER, "development"),
    AskSuggestion("landing_page_feedback", "Landing page feedback", "Feedback on my landing page",
                  "I'd love fresh eyes on my landing page: is it clear what I offer and who it's for?",
                  AskType.FEEDBACK, "marketing-content"),
    AskSuggestion("code_review", "Code review", "A code review",
                  "I'd appreciate someone experienced looking over my code and pointing out what to improve.",
                  AskType.FEEDBACK, "development"),
    AskSuggestion("cofounder", "Co-founder/Partner", "Looking for a co-founder or partner",
                  "I'm looking for someone to build with: a co-founder or partner who shares the vision.",
                  AskType.COLLABORATOR, "other"),
    AskSuggestion("learn_ai", "Learn AI/ML", "Learning AI and machine learning",
                  "I want to understand AI and machine learning well enough to use them in my work. Pointers, "
                  "courses and patient explanations welcome.", AskType.LEARNING, "learning-education"),
    AskSuggestion("learn_code", "Learn to code", "Learning to code",
                  "I'm learning to code and would love advice on where to start and what to build first.",
                  AskType.LEARNING, "learning-education"),
    AskSuggestion("marketing_advice", "Marketing advice", "Marketing advice",
                  "I'd love advice on getting what I've built in front of the right people.",
                  AskType.ADVICE, "marketing-content"),
    AskSuggestion("mentorship", "Mentorship", "Looking for a mentor",
                  "I'm looking for a mentor who has walked this path and can help me think through next steps.",
                  AskType.ADVICE, "learning-education"),
    AskSuggestion("tool_recommendations", "Tool recommendations", "AI tool recommendations",
                  "Which AI tools are worth learning for what I do? I'd love recommendations from people who use "
                  "them every day.", AskType.ADVICE, "operations"),
)

def starter_posts() -> list[tuple[str, str]]:
    """(title, description) of every post onboarding can create unedited, so the landing page can skip them."""
    return [(s.title, s.description) for s in (*ASK_SUGGESTIONS, *OFFER_SUGGESTIONS) if s.title]


BUILT, SERVICES, SKILLS = "Things you've built", "Services", "Skills (quick to give)"

# Spec 3.2 offer list, grouped as in the wireframe.
OFFER_SUGGESTIONS = (
    OfferSuggestion("app", "An app or tool", BUILT, followup="import", offer_type=OfferType.APP),
    OfferSuggestion("course", "A course or tutorial", BUILT, followup="import", offer_type=OfferType.COURSE),
    OfferSuggestion("template", "Templates or resources", BUILT, followup="import", offer_type=OfferType.TEMPLATE),
    OfferSuggestion("consulting", "Consulting or coaching", SERVICES, followup="help_with",
                    offer_type=OfferType.SERVICE),
    OfferSuggestion("mentorship", "Mentorship", SERVICES, followup="help_with", offer_type=OfferType.MENTORSHIP),
    OfferSuggestion("website_feedback", "Website/landing page feedback", SKILLS,
                    title="Website & landing page feedback",
                    description="Send me your website or landing page and I'll tell you what's clear, what's "
                                "confusing and what I'd change first.",
                    offer_type=OfferType.FEEDBACK, category="marketing-content"),
    OfferSuggestion("code_review", "Code review", SKILLS, title="Code review",
                    description="I'll read through your code and share what I'd improve: structure, bugs, "
                                "readability and tests.",
                    offer_type=OfferType.FEEDBACK, category="development"),
    OfferSuggestion("design_feedback", "Design feedback", SKILLS, title="Design feedback",
                    description="Share a screen, a logo or a flow and I'll give honest, specific design feedback.",
                    offer_type=OfferType.FEEDBACK, category="creative-design"),
    OfferSuggestion("marketing_advice", "Marketing/growth advice", SKILLS, title="Marketing & growth advice",
                    description="Tell me what you're launching and who it's for; I'll help you find the first "
                                "people who need it.",
                    offer_type=OfferType.SKILL, category="marketing-content"),
    OfferSuggestion("writing_help", "Writing/editing help", SKILLS, title="Writing & editing help",
                    description="I'll help you tighten a post, a page or an email until it sounds like you.",
                    offer_type=OfferType.SKILL, category="marketing-content"),
    OfferSuggestion("beta_testing", "Beta test others' projects", SKILLS, title="Beta testing your project",
                    description="I'll try what you've built and report what worked, what broke and what confused me.",
                    offer_type=OfferType.FEEDBACK, category="development"),
    OfferSuggestion("accountability", "Accountability partner", SKILLS, title="Accountability partner",
                    description="Weekly check-ins to keep each other shipping: goals on Monday, progress on Friday.",
                    offer_type=OfferType.SKILL, category="operations"),
    OfferSuggestion("introductions", "Introductions/connections", SKILLS, title="Introductions & connections",
                    description="Tell me who you'd like to meet; if I know someone, I'll make a warm introduction.",
                    offer_type=OfferType.SKILL, category="other"),
)
OFFER_GROUPS = (BUILT, SERVICES, SKILLS)

ASKS_BY_KEY = {s.key: s for s in ASK_SUGGESTIONS}
OFFERS_BY_KEY = {s.key: s for s in OFFER_SUGGESTIONS}

# Follow-up questions, per offer suggestion with a follow-up.
FOLLOWUP_QUESTIONS = {
    "app": "Nice! Paste a link to your app or tool and I'll create a page for you. "
           "No link yet? Just tell me what it's called and what it does.",
    "course": "Lovely! Paste a link to your course or tutorial and I'll create a page for you — "
              "or tell me what it teaches.",
    "template": "Great! Paste a link to your templates or resources and I'll create a page for you — "
                "or describe them in a sentence.",
    "consulting": "What do you help people with? (e.g. “AI strategy for startups”)",
    "mentorship": "What would you mentor people in? (e.g. “getting a first job in AI”)",
}
FOLLOWUP_PLACEHOLDERS = {
    "app": "https://myapp.com — or what it's called and does",
    "course": "https://… — or what it teaches",
    "template": "https://… — or what they are",
    "consulting": "I help with…",
    "mentorship": "I help with…",
}
SERVICE_TITLE_PREFIX = {"consulting": "Consulting & coaching", "mentorship": "Mentorship"}

COMPOSER_PLACEHOLDERS = {
    "welcome": "Say hi to Ava…",
    "curiosity": "Type your own ask…",
    "generosity": "Type your own offer…",
    "respect": "Type “I agree” or ask a question…",
    "complete": "",
}

PROGRESS_STEPS = ("Welcome", "Curiosity", "Generosity", "Respect", "You're in")

__all__ = ["GUIDELINES"]
