"""Small deterministic classifiers for free text: which offer category, ask type or offer type fits.

They power the scripted Ava (offline and in tests) and stand in whenever the language model is not
configured or fails. Word stems are matched on word boundaries; the best-scoring label wins and ties
go to the first label listed.
"""
import re
from functools import lru_cache

from collective.choices import AskType, OfferType, TaxonomyType
from collective.models import Taxonomy

OTHER_CATEGORY = "other"

# Stems per category (collective.services.OFFER_CATEGORIES). "\b" + stem, so "market" finds "marketing".
CATEGORY_KEYWORDS: dict[str, tuple[str, ...]] = {
    "marketing-content": (
        "market", "content", "copy", "blog", "seo", "social media", "newsletter", "brand", "growth", "landing page",
        "writ", "editing", "copyedit", "post", "audience", "ads", "campaign", "linkedin", "twitter", "instagram", "tiktok",
    ),
    "sales-outreach": ("sales", "sell", "lead", "outreach", "crm", "prospect", "cold email", "pipeline", "deal",
                       "b2b", "hubspot", "clay", "revenue", "customers"),
    "customer-support": ("support", "customer service", "chatbot", "helpdesk", "help desk", "ticket", "faq",
                         "zendesk", "intercom", "inbox"),
    "operations": ("workflow", "automat", "productiv", "project manag", "zapier", "notion", "meeting", "accountab",
                   "process", "operation", "ops", "spreadsheet", "calendar", "admin", "organi", "tool recommend"),
    "creative-design": ("design", "figma", "image", "video", "logo", "illustrat", "midjourney", "ui", "ux", "creative",
                        "photo", "music", "art", "animation", "visual", "canva"),
    "development": ("code", "coding", "develop", "api", "python", "javascript", "typescript", "app", "build", "beta",
                    "bug", "deploy", "github", "cursor", "software", "programm", "backend", "frontend", "technical",
                    "database", "django", "react", "llm", "agent", "saas", "co-founder", "cofounder"),
    "learning-education": ("learn", "course", "tutorial", "teach", "mentor", "coach", "lesson", "workshop", "study",
                           "educat", "student", "beginner", "explain", "understand"),
}

ASK_TYPE_KEYWORDS: dict[str, tuple[str, ...]] = {
    AskType.BETA_TESTER: ("beta", "testers", "test my", "try my", "early users", "user testing"),
    AskType.FEEDBACK: ("feedback", "review", "critique", "thoughts on", "look at my", "roast", "opinion on"),
    AskType.COLLABORATOR: ("co-founder", "cofounder", "collaborat", "partner", "build with", "team up", "join me"),
    AskType.HIRE: ("hire", "hiring", "freelanc", "contractor", "paid", "budget", "pay someone", "designer",
                   "developer", "illustrator", "copywriter", "ghostwriter", "engineer", "photographer", "videographer",
                   "virtual assistant", "someone to build", "someone to design", "someone to make", "someone to write",
                   "someone to set up", "someone to create"),
    AskType.INTRODUCTION: ("intro", "introduc", "connect me", "meet someone", "know anyone", "network"),
    AskType.LEARNING: ("learn", "how do i", "how to", "understand", "course", "tutorial", "get started", "teach me"),
    AskType.ADVICE: ("advice", "mentor", "recommend", "should i", "which", "help", "guidance", "strategy"),
}

OFFER_TYPE_KEYWORDS: dict[str, tuple[str, ...]] = {
    OfferType.COURSE: ("course", "tutorial", "lesson", "workshop", "class", "curriculum", "bootcamp", "cohort"),
    OfferType.TEMPLATE: ("template", "prompt pack", "prompts", "starter kit", "notion", "checklist", "swipe file",
                         "boilerplate", "playbook"),
    OfferType.APP: ("app", "tool", "extension", "plugin", "saas", "software", "bot", "i built", "i made", "product"),
    OfferType.MENTORSHIP: ("mentor",),
    OfferType.SERVICE: ("consult", "coach", "service", "agency", "freelanc", "done-for-you", "done for you", "hire me",
                        "strategy", "audit"),
    OfferType.FEEDBACK: ("feedback", "review", "critique", "beta test", "test your", "roast"),
    OfferType.POST: ("blog post", "article", "guide", "newsletter", "essay", "write-up", "write up"),
    OfferType.SKILL: ("help with", "i can", "i'm good at", "editing", "writing", "introductions", "accountab"),
}


@lru_cache(maxsize=64)
def _pattern(stems: tuple[str, ...]) -> re.Pattern:
    return re.compile(r"\b(?:" + "|".join(re.escape(s) for s in stems) + r")", re.IGNORECASE)


def _best(text: str, table: dict[str, tuple[str, ...]], default: str) -> str:
    best, best_score = default, 0
    for label, stems in table.items():
        score = len(_pattern(stems).findall(text or ""))
        if score > best_score:
            best, best_score = label, score
    return best


def category_slug_for(text: str) -> str:
    """The offer category slug that fits `text` best ("other" when nothing fits)."""
    return _best(text, CATEGORY_KEYWORDS, OTHER_CATEGORY)


def category_for(text: str) -> Taxonomy | None:
    """The active offer category for `text`, or None if categories are not seeded."""
    return category_by_slug(category_slug_for(text))


def category_by_slug(slug: str | None) -> Taxonomy | None:
    if not slug:
        return None
    return Taxonomy.objects.filter(taxonomy_type=TaxonomyType.OFFER_CATEGORY, is_active=True, slug=slug).first()


def ask_type_for(text: str) -> str:
    return _best(text, ASK_TYPE_KEYWORDS, AskType.ADVICE)


def offer_type_for(text: str, *, default: str = OfferType.SKILL) -> str:
    return _best(text, OFFER_TYPE_KEYWORDS, default)


# --- Turning what someone typed into a title ------------------------------------------------------

# Applied in order to the first sentence of an ask: "Hi Ava, can anyone help me with pricing?" → "Help with pricing".
_NEED_STRIPS = (
    (re.compile(r"^(?:hi|hey|hello)\b[\s,!.]*", re.I), ""),
    (re.compile(r"^ava\b[\s,!.]*", re.I), ""),
    (re.compile(r"^(?:can|could)\s+(?:any(?:one|body)|someone|you)\s+", re.I), ""),
    (re.compile(r"^(?:i\s*(?:'m|am)\s+(?:looking|searching)\s+for|(?:looking|searching)\s+for"
                r"|i\s+(?:really\s+)?(?:need|want)(?:\s+to\s+find|\s+to)?|i'?d\s+(?:like|love)(?:\s+to\s+find|\s+to)?"
                r"|please)\s+", re.I), ""),
    (re.compile(r"^help\s+me\s+(?=with\b|on\b|to\b|\w+ing\b)", re.I), "help "),
)
_QUESTION = re.compile(r"^(?:how|what|which|where|who|why|when|should|is|are|can|could|does|do)\b", re.I)
_OFFER_PREFIX = re.compile(
    r"^\s*(?:i\s+(?:can\s+)?(?:help\s+(?:people\s+|founders\s+|others\s+)?with|offer|can\s+offer|can|could"
    r"|do|teach|build|make)|i'?m\s+good\s+at|i'?d\s+like\s+to\s+offer)\s+",
    re.IGNORECASE,
)
TITLE_MAX = 120


def _first_sentence(text: str) -> str:
    text = " ".join((text or "").split())
    match = re.match(r"(.+?[.!?])(\s|$)", text)
    return match.group(1).rstrip(".!") if match and len(match.group(1)) >= 12 else text


def _clip(text: str, limit: int = TITLE_MAX) -> str:
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0]
    return cut.rstrip(",;:-") + "…"


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def ask_title_from(text: str) -> str:
    """"I need help writing blog posts" → "Help writing blog posts"; "I need a logo designer" → "Looking for a
    logo designer" (a bare "A logo designer" reads like a label, not an ask)."""
    sentence = _first_sentence(text).strip(" ?!.")
    stripped = sentence
    for pattern, replacement in _NEED_STRIPS:
        stripped = pattern.sub(replacement, stripped, count=1)
    if stripped != sentence and re.match(r"(?:an?|some(?:one|body)|a\s+few)\s", stripped, re.I):
        stripped = "looking for " + stripped[:1].lower() + stripped[1:]
    title = _capitalise(_clip(stripped.strip(" ?!.,") or sentence))
    if sentence != stripped or not text.strip().endswith("?") or not _QUESTION.match(title):
        return title
    return title + "?"


def offer_title_from(text: str) -> str:
    """"I can review landing pages" → "Review landing pages"; "MeetingMint — AI notes" → "MeetingMint"."""
    sentence = _first_sentence(text).strip(" ?!.")
    name = re.split(r"\s+[—–-]\s+|:\s+", sentence, maxsplit=1)
    if len(name) == 2 and 0 < len(name[0]) <= 60:
        return _capitalise(name[0].strip())
    stripped = _OFFER_PREFIX.sub("", sentence, count=1).strip(" ?!.") or sentence
    # "I review landing pages" → "Review landing pages"; "I am…"/"I have…" stay as written.
    stripped = re.sub(r"^i\s+(?!(?:am|was|have|had|will|would)\b)(?=[a-z]{3,})", "", stripped, flags=re.I) or stripped
    return _capitalise(_clip(stripped))


def sentence_from(text: str) -> str:
    """Free text as a tidy description: single-spaced, capitalised, ending with punctuation."""
    text = " ".join((text or "").split())
    text = _capitalise(text)
    return text if not text or text[-1] in ".!?…" else text + "."


# --- Fuller drafts without a model ------------------------------------------------------------------
# One closing line per type turns a one-line note into a post people can answer. Only added to short
# texts: a member who already wrote a paragraph said what they meant.
ASK_CLOSERS = {
    AskType.HIRE: "If you've done this kind of work, I'd love to see an example and hear how you'd approach it "
                  "and what you'd charge.",
    AskType.FEEDBACK: "Honest, specific notes help most: what's clear, what's confusing and what you'd change first.",
    AskType.BETA_TESTER: "I'm looking for a few people to try it and tell me what works, what breaks and what "
                         "confuses them.",
    AskType.COLLABORATOR: "If you'd like to build this together, tell me a little about what you work on.",
    AskType.INTRODUCTION: "If you know someone who'd be a good fit, an introduction would mean a lot.",
    AskType.LEARNING: "Pointers, courses or a patient explanation are all welcome.",
    AskType.ADVICE: "I'd love to hear from anyone who has been through something similar.",
}
OFFER_CLOSERS = {
    OfferType.SERVICE: "Tell me what you're working on and I'll say how I can help.",
    OfferType.MENTORSHIP: "Tell me where you are and where you want to go, and we'll find a time to talk.",
    OfferType.FEEDBACK: "Send me a link and I'll reply with honest, specific notes.",
    OfferType.SKILL: "Send me a message with what you need and I'll help if I can.",
}
CLOSER_MAX_TEXT = 200


def description_from(text: str, *, closer: str = "") -> str:
    """A tidy description, with the type's closing line when what they wrote is short."""
    description = sentence_from(text)
    if closer and len(description) < CLOSER_MAX_TEXT and closer not in description:
        description = f"{description} {closer}"
    return description
