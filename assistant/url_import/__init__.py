"""Import a page a member links to and propose an Offer from it (onboarding, /ava/import/, /my/offers/new).

`propose_offer(url=...)` fetches the page safely (see `fetch`), reads what it says about itself
(see `extract`), finds the tools of the directory it mentions and picks the offer type and category.
Nothing is saved: the member confirms (and may edit) the proposal, then `offer_from_proposal` in
assistant.services creates an ordinary Offer through collective.services.
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from urllib.parse import urlsplit

from collective.choices import OfferType, TaxonomyType
from collective.models import Taxonomy

from .. import classify
from .extract import PageData, extract_page
from .fetch import AddressPolicy, FetchedPage, ImportRefused, fetch_html, is_public_address

__all__ = ["IMPORT_TYPES", "ImportRefused", "OfferProposal", "fetch_html", "is_public_address", "propose_offer",
           "proposal_from_page", "tools_mentioned"]

# Offer types a page can become (services and skills are described, not imported).
IMPORT_TYPES = (OfferType.APP, OfferType.COURSE, OfferType.TEMPLATE, OfferType.POST, OfferType.LINK,
                OfferType.SERVICE)
MAX_TOOLS = 6
URL_FIELD_MAX = 200  # Offer.external_url / featured_image_url are plain URLFields

JSON_LD_TYPES = {
    OfferType.APP: ("SoftwareApplication", "WebApplication", "MobileApplication", "VideoGame", "SoftwareSourceCode"),
    OfferType.COURSE: ("Course", "CourseInstance", "EducationalOccupationalProgram", "LearningResource"),
    OfferType.POST: ("Article", "BlogPosting", "NewsArticle", "TechArticle", "HowTo", "Blog"),
    OfferType.SERVICE: ("Service", "ProfessionalService", "LocalBusiness"),
    OfferType.TEMPLATE: ("DigitalDocument", "CreativeWork"),
}
DOMAIN_TYPES = {
    OfferType.COURSE: ("teachable.com", "thinkific.com", "podia.com", "maven.com", "udemy.com", "coursera.org",
                       "skillshare.com", "kajabi.com"),
    OfferType.TEMPLATE: ("gumroad.com", "notion.site", "lemonsqueezy.com", "payhip.com", "etsy.com"),
    OfferType.APP: ("apps.apple.com", "play.google.com", "chromewebstore.google.com", "chrome.google.com",
                    "github.com", "producthunt.com", "vercel.app", "replit.app", "huggingface.co"),
    OfferType.POST: ("substack.com", "medium.com", "dev.to", "hashnode.dev", "beehiiv.com"),
    OfferType.SERVICE: ("calendly.com", "cal.com"),
}
# Tool names that are also everyday words: counted only in the page's own summary or after words
# like "built with", so "Make your meetings count" is not the Make automation tool.
AMBIGUOUS_TOOL_NAMES = frozenset({
    "make", "writer", "motion", "ada", "outreach", "consensus", "surfer", "runway", "cursor", "loom", "clay",
    "fathom", "lavender", "instantly", "elicit", "gamma", "krea", "pika",
})
TOOL_CONTEXT = r"(?:built|made|powered|created|designed|written|generated|works?|integrat\w*|using|uses|use|with|via|on|in|and|or|,)"


@dataclass
class OfferProposal:
    """What Ava proposes to create from a page; a plain dict in sessions and onboarding state."""

    url: str
    title: str
    description: str
    offer_type: str
    category_slug: str = ""
    image: str = ""
    site_name: str = ""
    tool_ids: list[int] = field(default_factory=list)
    tool_names: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> OfferProposal:
        names = {f for f in cls.__dataclass_fields__}
        return cls(**{k: v for k, v in (data or {}).items() if k in names})

    @property
    def host(self) -> str:
        return (urlsplit(self.url).hostname or "").removeprefix("www.")

    @property
    def tools(self) -> list[tuple[int, str]]:
        return list(zip(self.tool_ids, self.tool_names, strict=False))

    @property
    def offer_type_label(self) -> str:
        return OfferType(self.offer_type).label if self.offer_type in OfferType.values else ""


def _tool_pattern(name: str) -> re.Pattern:
    # Case-sensitive on purpose: tools are proper nouns ("Cursor", not "the cursor").
    return re.compile(r"(?<![\w.])" + re.escape(name) + r"(?![\w])")


def tools_mentioned(page: PageData, *, limit: int = MAX_TOOLS) -> list[Taxonomy]:
    """Active tools of the directory the page names, most mentioned first (summary mentions first)."""
    tools = list(Taxonomy.objects.filter(taxonomy_type=TaxonomyType.TOOL, is_active=True).only("id", "name", "slug"))
    summary = " ".join([page.title, page.description, page.keywords, page.site_name])
    scored = []
    for tool in tools:
        name = tool.name.strip()
        if len(name) < 2:
            continue
        pattern = _tool_pattern(name)
        in_summary = len(pattern.findall(summary))
        if name.lower() in AMBIGUOUS_TOOL_NAMES:
            in_text = len(re.findall(TOOL_CONTEXT + r"\s+(?:the\s+|an?\s+)?" + pattern.pattern, page.text))
        else:
            in_text = len(pattern.findall(page.text))
        if in_summary or in_text:
            scored.append((in_summary > 0, in_summary + in_text, tool))
    scored.sort(key=lambda row: (not row[0], -row[1], row[2].name.lower()))
    return [tool for _, _, tool in scored[:limit]]


def offer_type_for_page(page: PageData, *, hint: str | None = None) -> str:
    """The offer type a page most looks like. `hint` (what the member said they built) breaks ties."""
    scores = {t: 0.0 for t in IMPORT_TYPES}
    if hint in scores:
        scores[hint] += 2.5
    for offer_type, schema_types in JSON_LD_TYPES.items():
        if any(t in schema_types for t in page.json_ld_types):
            scores[offer_type] += 4 if offer_type != OfferType.TEMPLATE else 1
    if page.og_type == "article":
        scores[OfferType.POST] += 2
    host = (urlsplit(page.url).hostname or "").lower()
    for offer_type, domains in DOMAIN_TYPES.items():
        if any(host == d or host.endswith("." + d) for d in domains):
            scores[offer_type] += 3
    summary = " ".join([page.title, page.description, page.keywords])
    for offer_type in (OfferType.COURSE, OfferType.TEMPLATE, OfferType.APP, OfferType.SERVICE, OfferType.POST):
        stems = classify.OFFER_TYPE_KEYWORDS[offer_type]
        scores[offer_type] += 1.5 * min(len(classify._pattern(stems).findall(summary)), 3)
        scores[offer_type] += 0.25 * min(len(classify._pattern(stems).findall(page.text[:5000])), 4)
    best = max(scores, key=lambda t: (scores[t], t == hint))
    if scores[best] <= 0:
        return hint if hint in scores else OfferType.LINK
    return best


def _fit_url(url: str) -> str:
    """A URL that fits the model's URLField, dropping the query string or the URL if it must."""
    if len(url) <= URL_FIELD_MAX:
        return url
    trimmed = url.split("?", 1)[0].split("#", 1)[0]
    return trimmed if len(trimmed) <= URL_FIELD_MAX else ""


def proposal_from_page(page: PageData, *, hint: str | None = None, provider=None) -> OfferProposal:
    """Turn extracted page data into a proposal; the language model refines it when configured."""
    tools = tools_mentioned(page)
    title = page.title or page.site_name or (urlsplit(page.url).hostname or "").removeprefix("www.")
    description = page.description or (page.text[:280].rsplit(" ", 1)[0] + "…" if len(page.text) > 280 else page.text)
    offer_type = offer_type_for_page(page, hint=hint)
    category = classify.category_slug_for(" ".join([title, description, page.keywords]))
    proposal = OfferProposal(
        url=_fit_url(page.url), title=title[:200], description=description[:2000] or f"{title}.",
        offer_type=offer_type, category_slug=category, image=_fit_url(page.image), site_name=page.site_name,
        tool_ids=[t.pk for t in tools], tool_names=[t.name for t in tools],
    )
    if provider is not None and provider.uses_model:
        refined = provider.classify_import(page=page.as_dict() | {"text": page.text[:3000]}, hint=hint,
                                           offer_types=list(IMPORT_TYPES),
                                           categories=[*classify.CATEGORY_KEYWORDS, classify.OTHER_CATEGORY])
        if refined:
            proposal.offer_type = refined.get("offer_type") or proposal.offer_type
            proposal.category_slug = refined.get("category") or proposal.category_slug
            proposal.title = (refined.get("title") or proposal.title)[:200]
            proposal.description = (refined.get("description") or proposal.description)[:2000]
    return proposal


def propose_offer(*, url: str, hint: str | None = None, allow_address: AddressPolicy | None = None,
                  provider=None) -> OfferProposal:
    """Fetch `url` and propose an offer. Raises ImportRefused with a message for the member."""
    url = (url or "").strip()
    if not url:
        raise ImportRefused("Paste a link first, like https://myapp.com")
    if "://" not in url and re.match(r"^[\w-]+(\.[\w-]+)+(/.*)?$", url):
        url = "https://" + url  # "myapp.com" is what most people paste
    page: FetchedPage = fetch_html(url, allow_address=allow_address)
    data = extract_page(page.html, url=page.final_url)
    if not (data.title or data.description or data.text):
        raise ImportRefused("That page didn't tell me anything about itself. Describe it in a sentence instead?",
                            code="empty")
    return proposal_from_page(data, hint=hint, provider=provider)
