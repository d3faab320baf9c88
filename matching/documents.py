"""What is embedded for each kind of row: one plain text per row, built from prefetched data.

Offers and asks: title, the start of the description, category and tags. Tool names and the type label are
left out of the vector on purpose: wordllama averages word vectors, and on bench/discovery/judged.yaml
adding them (or repeating the title) lowered MRR by 0.02–0.04; tools still count through the lexical
ranking and typo tolerance. Members: name, headline, bio and their public offers' titles. Tools: name, description and
what they're best for. Courses are offers of type "course" (publishing a course creates its offer), so they
are embedded, searched and matched as offers.
"""
import hashlib
from collections.abc import Iterable, Iterator

from django.db.models import Prefetch, QuerySet

from collective.choices import TaxonomyType
from collective.models import OFFER_PUBLIC, Ask, Offer, Taxonomy
from members.models import User

from .choices import Kind

DESCRIPTION_CHARS = 600
BIO_CHARS = 400
OFFER_TITLES_PER_MEMBER = 8


def _names(items: Iterable) -> str:
    return ", ".join(item.name for item in items)


def _join(*parts: str) -> str:
    return ". ".join(p.strip() for p in parts if p and p.strip())


def offer_text(offer: Offer) -> str:
    return _join(offer.title, offer.description[:DESCRIPTION_CHARS],
                 offer.category.name if offer.category_id and offer.category else "", _names(offer.tags.all()))


def ask_text(ask: Ask) -> str:
    return _join(ask.title, ask.description[:DESCRIPTION_CHARS],
                 ask.category.name if ask.category_id and ask.category else "", _names(ask.tags.all()))


def member_text(member: User) -> str:
    titles = [offer.title for offer in member.public_offers[:OFFER_TITLES_PER_MEMBER]]
    return _join(member.display_name, member.tagline, member.bio[:BIO_CHARS], ", ".join(titles))


def tool_text(tool: Taxonomy) -> str:
    best_for = ", ".join(str(item) for item in tool.best_for) if isinstance(tool.best_for, list) else ""
    return _join(tool.name, tool.description[:DESCRIPTION_CHARS], best_for)


def _offers() -> QuerySet:
    return Offer.objects.select_related("category").prefetch_related("tools", "tags")


def _asks() -> QuerySet:
    return Ask.objects.select_related("category").prefetch_related("tools", "tags")


def _members() -> QuerySet:
    public = Offer.objects.filter(OFFER_PUBLIC).order_by("-created_at").only("id", "title", "user_id")
    return User.objects.prefetch_related(Prefetch("offers", queryset=public, to_attr="public_offers"))


def _tools() -> QuerySet:
    return Taxonomy.objects.filter(taxonomy_type=TaxonomyType.TOOL)


SOURCES = {
    Kind.OFFER: (_offers, offer_text),
    Kind.ASK: (_asks, ask_text),
    Kind.MEMBER: (_members, member_text),
    Kind.TOOL: (_tools, tool_text),
}


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def texts_for(kind: str, ids: Iterable[int] | None = None, *, batch: int = 500,
              after: int = 0) -> Iterator[list[tuple[int, str]]]:
    """(id, text) batches of the rows of `kind` (all of them, or `ids`), in id order from `after`."""
    queryset_for, to_text = SOURCES[kind]
    base = queryset_for().order_by("pk")
    if ids is not None:
        base = base.filter(pk__in=list(ids))
    last = after
    while True:
        rows = list(base.filter(pk__gt=last)[:batch])
        if not rows:
            return
        yield [(row.pk, to_text(row)) for row in rows]
        last = rows[-1].pk
