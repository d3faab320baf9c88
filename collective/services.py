"""Write operations of the collective. Views, the API and commands call these, never the ORM directly.

Every function is keyword-only, validates its input, decides who may do what, and raises
`core.errors.ApplicationError` (or `NotFound` / `PermissionDenied`) for anything a member should be told.
Side effects in other rooms (points, the connection's thread, notifications) are not called from here:
collective sits below them, so it publishes domain events (collective/events.py through core.events) and
config/events.py lists, in order, who reacts. They run in the write's transaction, so a rolled-back
write awards and notifies nothing.
"""
import hashlib
import hmac
from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Model, Q
from django.utils import timezone
from django.utils.text import slugify
from wagtail.images import get_image_model
from wagtail.images.models import AbstractImage

from core import events
from core.errors import ApplicationError, NotFound, PermissionDenied, application_error_from
from core.slugs import unique_slug
from members import safety
from members.choices import LimitedAction
from members.models import Block
from members.selectors import members_visible_to
from members.trust import action_consume

from .choices import (
    AskStatus,
    ConnectionStatus,
    ConnectionType,
    OfferStatus,
    PricingType,
    TaxonomyType,
)
from .events import ConnectionRated, ConnectionTransitioned
from .models import ACTIVE_CONNECTION, RESERVED_OFFER_SLUGS, Ask, Connection, Offer, Taxonomy, ViewRecord
from .selectors import ask_is_public, offer_is_public

# Spec: "Seed Data for offer_category".
OFFER_CATEGORIES = [
    ("marketing-content", "Marketing & Content", "Content creation, copywriting, social media"),
    ("sales-outreach", "Sales & Outreach", "Lead gen, sales automation, CRM"),
    ("customer-support", "Customer Support", "Chatbots, helpdesk, support automation"),
    ("operations", "Operations & Productivity", "Workflow automation, project management"),
    ("creative-design", "Creative & Design", "Image generation, video, design tools"),
    ("development", "Development & Technical", "Coding, APIs, technical tools"),
    ("learning-education", "Learning & Education", "Courses, tutorials, coaching"),
    ("other", "Other", "Doesn't fit other categories"),
]

MESSAGE_MAX_LENGTH = 2000
TAG_TYPES = (TaxonomyType.SKILL, TaxonomyType.TOPIC)

# The starting vocabulary of tags members put on offers and asks; curators add more in the admin.
STARTER_TAGS = {
    TaxonomyType.SKILL: ("Prompt engineering", "Copywriting", "UX design", "Web development", "Python",
                         "No-code automation", "Data analysis", "Product management", "Video editing",
                         "Public speaking", "Fundraising", "Teaching"),
    TaxonomyType.TOPIC: ("AI agents", "Chatbots", "Image generation", "Small business", "Education", "Marketing",
                         "Productivity", "Startups", "Accessibility", "Ethics", "Career change", "Research"),
}


def offer_categories_seed() -> int:
    """Create missing offer categories and refresh names/descriptions; returns how many were created."""
    created = 0
    for slug, name, description in OFFER_CATEGORIES:
        _, was_created = Taxonomy.objects.update_or_create(
            slug=slug,
            defaults={"name": name, "description": description, "is_active": True,
                      "taxonomy_type": TaxonomyType.OFFER_CATEGORY},
        )
        created += was_created
    return created


def tags_seed() -> int:
    """Create the starter skill and topic tags that are missing (a slug already used by another term is left
    alone); returns how many were created."""
    created = 0
    for taxonomy_type, names in STARTER_TAGS.items():
        for name in names:
            _, was_created = Taxonomy.objects.get_or_create(
                slug=slugify(name), defaults={"name": name, "taxonomy_type": taxonomy_type, "is_active": True})
            created += was_created
    return created


# --- Shared helpers -------------------------------------------------------------------------


def _full_clean(instance: Model, *, exclude: Iterable[str] = ()) -> None:
    """Run the model's validation (fields, clean(), constraints) and re-raise as the domain error."""
    try:
        instance.full_clean(exclude=list(exclude))
    except ValidationError as error:
        raise application_error_from(error) from error


def _check_terms(*, category: Taxonomy | None = None, tags: Iterable[Taxonomy] = (),
                 tools: Iterable[Taxonomy] = ()) -> None:
    """Categories, tags and tools must be active terms of the right vocabulary."""
    errors: dict[str, str] = {}
    if category is not None and (category.taxonomy_type != TaxonomyType.OFFER_CATEGORY or not category.is_active):
        errors["category"] = f"“{category.slug}” is not an offer category."
    bad_tags = [t.slug for t in tags if t.taxonomy_type not in TAG_TYPES or not t.is_active]
    if bad_tags:
        errors["tags"] = f"Not a skill or topic tag: {', '.join(bad_tags)}."
    bad_tools = [t.slug for t in tools if t.taxonomy_type != TaxonomyType.TOOL or not t.is_active]
    if bad_tools:
        errors["tools"] = f"Not a tool in the directory: {', '.join(bad_tools)}."
    if errors:
        raise ApplicationError("Please correct the highlighted fields.", fields=errors)


def _require_owner(obj: Offer | Ask, actor, *, allow_staff: bool = False) -> None:
    if obj.user_id == actor.pk or (allow_staff and actor.is_staff):
        return
    noun = "offer" if isinstance(obj, Offer) else "ask"
    raise PermissionDenied(f"Only the member who posted this {noun} can change it.")


def _save_with_terms(obj: Offer | Ask, *, tags=None, tools=None) -> None:
    """Save and set tags/tools (the search vector follows each step: collective/signals.py)."""
    try:
        with transaction.atomic():
            obj.save()
            if tags is not None:
                obj.tags.set(tags)
            if tools is not None:
                obj.tools.set(tools)
    except IntegrityError as error:
        # A concurrent request won the race for the same slug; the member can simply retry.
        raise ApplicationError("This conflicts with a change made at the same time. Please try again.",
                               code="conflict", status=409) from error


def _apply(obj: Model, data: Mapping[str, Any], allowed: Iterable[str]) -> None:
    unknown = set(data) - set(allowed)
    if unknown:
        raise TypeError(f"Cannot update {', '.join(sorted(unknown))} here.")
    for name, value in data.items():
        setattr(obj, name, value)


# --- Offers ---------------------------------------------------------------------------------

# Statuses a member can choose; "archived" is reached only through offer_archive.
OFFER_SETTABLE_STATUSES = (OfferStatus.DRAFT, OfferStatus.ACTIVE, OfferStatus.PAUSED)
OFFER_UPDATABLE_FIELDS = (
    "title", "description", "offer_type", "status", "category", "pricing_type", "price_cents", "currency",
    "external_url", "featured_image_url", "banner_url", "body",
)


def _prepare_offer(offer: Offer) -> None:
    if offer.status not in OFFER_SETTABLE_STATUSES:
        raise ApplicationError("Use archive to archive an offer.", fields={"status": "Choose draft, active or paused."})
    offer.currency = (offer.currency or "usd").lower()
    # A free offer has no price; any other pricing type is a paid offering ("custom" = price on request).
    offer.is_paid = offer.pricing_type != PricingType.FREE
    offer.is_archived = False
    _full_clean(offer)


def offer_create(*, user, title: str, description: str, offer_type: str, status: str = OfferStatus.DRAFT,
                 category: Taxonomy | None = None, tags: Iterable[Taxonomy] = (), tools: Iterable[Taxonomy] = (),
                 pricing_type: str = PricingType.FREE, price_cents: int = 0, currency: str = "usd",
                 external_url: str = "", featured_image_url: str = "", banner_url: str = "",
                 body: str = "", rate_limited: bool = True) -> Offer:
    """Post a new offer (a draft unless `status` says otherwise).

    `rate_limited=False` for offers the site makes on a member's behalf (a published course's offer), which
    don't count towards the member's daily limit.
    """
    tags, tools = list(tags), list(tools)
    _check_terms(category=category, tags=tags, tools=tools)
    offer = Offer(user=user, title=title, description=description, offer_type=offer_type, status=status,
                  category=category, pricing_type=pricing_type, price_cents=price_cents, currency=currency,
                  external_url=external_url, featured_image_url=featured_image_url, banner_url=banner_url,
                  body=body)
    offer.slug = unique_slug(title, Offer.objects.filter(user_id=user.pk), reserved=RESERVED_OFFER_SLUGS)
    _prepare_offer(offer)
    with transaction.atomic():
        if rate_limited:
            action_consume(user=user, action=LimitedAction.OFFER)
        _save_with_terms(offer, tags=tags, tools=tools)
    return offer


def offer_update(*, offer: Offer, actor, data: Mapping[str, Any]) -> Offer:
    """Change an offer's fields (keys of OFFER_UPDATABLE_FIELDS plus "tags" and "tools"). Owner only."""
    _require_owner(offer, actor)
    if offer.is_archived:
        raise ApplicationError("Archived offers can't be edited.", code="archived")
    data = dict(data)
    tags, tools = data.pop("tags", None), data.pop("tools", None)
    tags, tools = (list(tags) if tags is not None else None), (list(tools) if tools is not None else None)
    _check_terms(category=data.get("category"), tags=tags or (), tools=tools or ())
    _apply(offer, data, OFFER_UPDATABLE_FIELDS)
    _prepare_offer(offer)
    _save_with_terms(offer, tags=tags, tools=tools)
    return offer


def offer_archive(*, offer: Offer, actor) -> Offer:
    """Soft-delete: the offer disappears for everyone but its owner. Owner or staff (moderation)."""
    _require_owner(offer, actor, allow_staff=True)
    if not offer.is_archived:
        offer.status = OfferStatus.ARCHIVED
        offer.save()  # save() mirrors is_archived; post_save re-indexes
    return offer


# --- Asks -----------------------------------------------------------------------------------

ASK_UPDATABLE_FIELDS = (
    "title", "description", "ask_type", "category", "is_paid_opportunity", "budget_min_cents",
    "budget_max_cents", "currency", "featured_image_url", "expires_at",
)

# Allowed ask status changes (owner only). Fulfilled and closed asks can be reopened.
ASK_STATUS_TRANSITIONS: dict[str, tuple[str, ...]] = {
    AskStatus.OPEN: (AskStatus.IN_PROGRESS, AskStatus.FULFILLED, AskStatus.CLOSED),
    AskStatus.IN_PROGRESS: (AskStatus.OPEN, AskStatus.FULFILLED, AskStatus.CLOSED),
    AskStatus.FULFILLED: (AskStatus.OPEN,),
    AskStatus.CLOSED: (AskStatus.OPEN,),
}


def _prepare_ask(ask: Ask) -> None:
    ask.currency = (ask.currency or "usd").lower()
    if not ask.is_paid_opportunity and (ask.budget_min_cents or ask.budget_max_cents):
        raise ApplicationError("A budget needs is_paid_opportunity.",
                               fields={"is_paid_opportunity": "Set this when you're offering a budget."})
    _full_clean(ask)


def ask_create(*, user, title: str, description: str, ask_type: str, category: Taxonomy | None = None,
               tags: Iterable[Taxonomy] = (), tools: Iterable[Taxonomy] = (), is_paid_opportunity: bool = False,
               budget_min_cents: int | None = None, budget_max_cents: int | None = None, currency: str = "usd",
               featured_image_url: str = "", expires_at=None) -> Ask:
    """Post a new, open ask."""
    tags, tools = list(tags), list(tools)
    _check_terms(category=category, tags=tags, tools=tools)
    ask = Ask(user=user, title=title, description=description, ask_type=ask_type, category=category,
              is_paid_opportunity=is_paid_opportunity, budget_min_cents=budget_min_cents,
              budget_max_cents=budget_max_cents, currency=currency, featured_image_url=featured_image_url,
              expires_at=expires_at, status=AskStatus.OPEN)
    ask.slug = unique_slug(title, Ask.objects.filter(user_id=user.pk), reserved=RESERVED_OFFER_SLUGS)
    _prepare_ask(ask)
    with transaction.atomic():
        action_consume(user=user, action=LimitedAction.ASK)
        _save_with_terms(ask, tags=tags, tools=tools)
    return ask


def ask_update(*, ask: Ask, actor, data: Mapping[str, Any]) -> Ask:
    """Change an ask's fields (keys of ASK_UPDATABLE_FIELDS plus "tags" and "tools"). Owner only.

    The status changes through ask_status_change.
    """
    _require_owner(ask, actor)
    if ask.is_archived:
        raise ApplicationError("Archived asks can't be edited.", code="archived")
    data = dict(data)
    tags, tools = data.pop("tags", None), data.pop("tools", None)
    tags, tools = (list(tags) if tags is not None else None), (list(tools) if tools is not None else None)
    _check_terms(category=data.get("category"), tags=tags or (), tools=tools or ())
    _apply(ask, data, ASK_UPDATABLE_FIELDS)
    _prepare_ask(ask)
    _save_with_terms(ask, tags=tags, tools=tools)
    return ask


def ask_archive(*, ask: Ask, actor) -> Ask:
    """Soft-delete: the ask disappears for everyone but its owner. Owner or staff (moderation)."""
    _require_owner(ask, actor, allow_staff=True)
    if not ask.is_archived:
        ask.is_archived = True
        ask.save()
    return ask


def ask_status_change(*, ask: Ask, actor, status: str) -> Ask:
    """Move an ask along ASK_STATUS_TRANSITIONS. Setting the current status again is a no-op."""
    _require_owner(ask, actor)
    if ask.is_archived:
        raise ApplicationError("Archived asks can't change status.", code="archived")
    if status not in AskStatus.values:
        raise ApplicationError("Unknown status.", fields={"status": f"Choose one of: {', '.join(AskStatus.values)}."})
    if status == ask.status:
        return ask
    if status not in ASK_STATUS_TRANSITIONS[ask.status]:
        allowed = ", ".join(ASK_STATUS_TRANSITIONS[ask.status])
        raise ApplicationError(f"An ask that is {ask.get_status_display().lower()} can only become: {allowed}.",
                               fields={"status": f"Allowed from {ask.status}: {allowed}."}, code="invalid_transition")
    ask.status = status
    if status == AskStatus.OPEN:
        ask.fulfilled_at = None
    ask.save()  # save() stamps fulfilled_at
    return ask


# --- Views ----------------------------------------------------------------------------------


def viewer_key_for(*, user=None, client_address: str = "", user_agent: str = "") -> str:
    """Who is viewing, for de-duplication: the member, or a salted hash of an anonymous client."""
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    digest = hmac.new(settings.SECRET_KEY.encode(), f"{client_address}|{user_agent}".encode(), hashlib.sha256)
    return f"anon:{digest.hexdigest()[:40]}"


def view_record(*, target: Offer | Ask, viewer_key: str, viewer=None) -> bool:
    """Count a view once per viewer per day; owners' own views don't count. Returns whether it counted."""
    if viewer is not None and viewer.is_authenticated and viewer.pk == target.user_id:
        return False
    is_offer = isinstance(target, Offer)
    ops = connection.ops
    # ON CONFLICT DO NOTHING: a repeat view (the per-viewer-per-day unique index) writes nothing and raises
    # nothing, so it neither aborts a transaction nor leaves a dead row behind.
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {ViewRecord._meta.db_table} (offer_id, ask_id, viewer_key, day, created_at) "  # noqa: S608
            "VALUES (%s, %s, %s, %s, %s) ON CONFLICT DO NOTHING RETURNING id",
            [target.pk if is_offer else None, None if is_offer else target.pk, viewer_key,
             ops.adapt_datefield_value(timezone.localdate()), ops.adapt_datetimefield_value(timezone.now())],
        )
        inserted = cursor.fetchone() is not None
    if inserted:
        type(target).objects.filter(pk=target.pk).update(view_count=F("view_count") + 1)
    return inserted


# --- Connections ----------------------------------------------------------------------------
#
# The workflow (spec MODEL 3): initiated → discussing → accepted → in_progress → completed,
# or declined (by the responder) / cancelled. CONNECTION_TRANSITIONS is the one place that says
# which side may make which move; the member pages and the API both go through connection_transition.


class Side:
    INITIATOR = "initiator"   # who started the connection
    RESPONDER = "responder"   # who received it
    HELPED = "helped"         # who receives help: the ask's owner, or the one inquiring about an offer
    EITHER = "either"


CONNECTION_TRANSITIONS: dict[str, dict[str, str]] = {
    ConnectionStatus.INITIATED: {
        ConnectionStatus.DISCUSSING: Side.RESPONDER,
        ConnectionStatus.ACCEPTED: Side.RESPONDER,
        ConnectionStatus.DECLINED: Side.RESPONDER,
        ConnectionStatus.CANCELLED: Side.INITIATOR,
    },
    ConnectionStatus.DISCUSSING: {
        ConnectionStatus.ACCEPTED: Side.RESPONDER,
        ConnectionStatus.DECLINED: Side.RESPONDER,
        ConnectionStatus.CANCELLED: Side.INITIATOR,
    },
    ConnectionStatus.ACCEPTED: {
        ConnectionStatus.IN_PROGRESS: Side.EITHER,
        ConnectionStatus.COMPLETED: Side.HELPED,
        ConnectionStatus.CANCELLED: Side.EITHER,
    },
    ConnectionStatus.IN_PROGRESS: {
        ConnectionStatus.COMPLETED: Side.HELPED,
        ConnectionStatus.CANCELLED: Side.EITHER,
    },
    # completed, declined and cancelled are final.
}

SIDE_DESCRIPTIONS = {
    Side.INITIATOR: "the member who started the connection",
    Side.RESPONDER: "the member who received the connection",
    Side.HELPED: "the member who received help",
    Side.EITHER: "either participant",
}


def _sides_of(connection: Connection, user) -> set[str]:
    sides = set()
    if user.pk == connection.initiator_id:
        sides.add(Side.INITIATOR)
    if user.pk == connection.responder_id:
        sides.add(Side.RESPONDER)
    if sides:
        sides.add(Side.EITHER)
        if user.pk == connection.helped_id:
            sides.add(Side.HELPED)
    return sides


def connection_allowed_transitions(*, connection: Connection, user) -> list[str]:
    """The statuses `user` may move this connection to now (empty for non-participants)."""
    sides = _sides_of(connection, user) if user.is_authenticated else set()
    return [status for status, side in CONNECTION_TRANSITIONS.get(connection.status, {}).items() if side in sides]


def _require_participant(connection: Connection, user) -> set[str]:
    sides = _sides_of(connection, user) if user.is_authenticated else set()
    if not sides:
        # Someone else's connection is private: it doesn't exist for them.
        raise NotFound("No such connection.")
    return sides


def _clean_message(text: str, *, field: str, required: bool = True) -> str:
    text = (text or "").strip()
    if required and not text:
        raise ApplicationError("Please write a message.", fields={field: "This field may not be blank."})
    if len(text) > MESSAGE_MAX_LENGTH:
        raise ApplicationError("That message is too long.",
                               fields={field: f"Keep it under {MESSAGE_MAX_LENGTH} characters."})
    return text


def _check_reachable(initiator, responder) -> None:
    """Blocks stop connection requests both ways; a suspended or leaving member can't be reached."""
    if safety.blocked_between(initiator, responder):
        if Block.objects.filter(blocker=initiator, blocked=responder).exists():
            raise ApplicationError("You blocked this member. Unblock them in Settings to connect.", code="blocked")
        raise NotFound("No such member.")  # never tell someone they were blocked
    if not responder.is_active or safety.is_suspended(responder) or responder.deletion_requested_at:
        raise NotFound("No such member.")


def connection_create(*, initiator, initial_message: str, ask: Ask | None = None, offer: Offer | None = None,
                      recipient=None) -> Connection:
    """Respond to an ask, inquire about an offer, or reach out directly (exactly one of ask/offer/recipient)."""
    if sum(x is not None for x in (ask, offer, recipient)) != 1:
        raise ApplicationError("Connect about one ask, one offer, or one member.",
                               fields={"non_field_errors": "Give exactly one of ask, offer or recipient."})
    message = _clean_message(initial_message, field="initial_message")
    if ask is not None:
        # The content's own rule here (viewer=None); blocks between the two get their answer below.
        if ask.user_id != initiator.pk and not ask_is_public(ask):
            raise NotFound("No such ask.")
        if ask.user_id == initiator.pk:
            raise ApplicationError("You can't respond to your own ask.", fields={"ask": "This is your own ask."})
        if ask.status != AskStatus.OPEN:
            raise ApplicationError("This ask isn't accepting responses.", fields={"ask": "The ask is not open."},
                                   code="not_accepting")
        connection = Connection(initiator=initiator, responder=ask.user, ask=ask, context_title=ask.title,
                                connection_type=ConnectionType.ASK_RESPONSE, initial_message=message)
    elif offer is not None:
        if offer.user_id != initiator.pk and not offer_is_public(offer):
            raise NotFound("No such offer.")
        if offer.user_id == initiator.pk:
            raise ApplicationError("You can't connect to your own offer.", fields={"offer": "This is your own offer."})
        if offer.status != OfferStatus.ACTIVE:
            raise ApplicationError("This offer is paused and not accepting connections.",
                                   fields={"offer": "The offer is paused."}, code="not_accepting")
        connection = Connection(initiator=initiator, responder=offer.user, offer=offer, context_title=offer.title,
                                connection_type=ConnectionType.OFFER_INQUIRY, initial_message=message)
    else:
        if not members_visible_to().filter(pk=recipient.pk).exists():
            raise NotFound("No such member.")
        if recipient.pk == initiator.pk:
            raise ApplicationError("You can't connect with yourself.", fields={"recipient": "That's you."})
        connection = Connection(initiator=initiator, responder=recipient, connection_type=ConnectionType.DIRECT,
                                initial_message=message)
    _check_reachable(initiator, connection.responder)
    duplicates = Connection.objects.filter(ACTIVE_CONNECTION, initiator=initiator, responder=connection.responder,
                                           connection_type=connection.connection_type, ask=ask, offer=offer)
    if recipient is not None:  # a direct conversation belongs to the pair, whoever started it
        duplicates = Connection.objects.filter(
            ACTIVE_CONNECTION, Q(initiator=initiator, responder=recipient) | Q(initiator=recipient, responder=initiator),
            connection_type=ConnectionType.DIRECT,
        )
    if duplicates.exists():
        raise ApplicationError("You already have an open connection about this.", code="already_connected",
                               status=409)
    _full_clean(connection, exclude=["dm_thread"])
    try:
        with transaction.atomic():
            action_consume(user=initiator, action=LimitedAction.CONNECTION_REQUEST)
            connection.save()
    except IntegrityError as error:
        # Lost a race with an identical request (the partial unique constraints).
        raise ApplicationError("You already have an open connection about this.", code="already_connected",
                               status=409) from error
    return connection


def connection_transition(*, connection: Connection, actor, status: str) -> Connection:
    """Move a connection to `status` if the workflow allows it and `actor` is on the right side."""
    _require_participant(connection, actor)
    if status not in ConnectionStatus.values:
        raise ApplicationError("Unknown status.",
                               fields={"status": f"Choose one of: {', '.join(ConnectionStatus.values)}."})
    with transaction.atomic():
        # Lock the row so two racing requests can't both move it (e.g. complete and cancel).
        locked = Connection.objects.select_for_update().get(pk=connection.pk)
        if status == locked.status:
            return locked
        moves = CONNECTION_TRANSITIONS.get(locked.status, {})
        if status not in moves:
            allowed = ", ".join(moves) or "nothing (it is final)"
            raise ApplicationError(f"A {locked.status} connection can't become {status}.",
                                   fields={"status": f"From {locked.status} it can become: {allowed}."},
                                   code="invalid_transition")
        side = moves[status]
        if side not in _sides_of(locked, actor):
            raise PermissionDenied(f"Only {SIDE_DESCRIPTIONS[side]} can mark this connection {status}.")
        previous_status = locked.status
        locked.status = status
        update_fields = ["status", "updated_at"]
        if status == ConnectionStatus.COMPLETED:
            locked.completed_at = timezone.now()
            update_fields.append("completed_at")
        locked.save(update_fields=update_fields)
        events.publish(ConnectionTransitioned(connection=locked, actor=actor, previous_status=previous_status))
    return locked


def connection_rate(*, connection: Connection, actor, rating: int, feedback: str = "") -> Connection:
    """Rate the other participant 1–5 after completion, once per side.

    The initiator's rating and feedback go to `initiator_rating`/`initiator_feedback`, the responder's to
    `responder_rating`/`responder_feedback`: each field holds what that side said about the other.
    """
    sides = _require_participant(connection, actor)
    if isinstance(rating, bool) or not isinstance(rating, int) or not 1 <= rating <= 5:
        raise ApplicationError("Ratings are from 1 to 5.", fields={"rating": "Choose 1 to 5 stars."})
    feedback = _clean_message(feedback, field="feedback", required=False)
    side = Side.INITIATOR if Side.INITIATOR in sides else Side.RESPONDER
    with transaction.atomic():
        locked = Connection.objects.select_for_update().get(pk=connection.pk)
        if locked.status != ConnectionStatus.COMPLETED:
            raise ApplicationError("You can rate a connection once it's completed.", code="not_completed")
        if getattr(locked, f"{side}_rating") is not None:
            raise ApplicationError("You've already rated this connection.", code="already_rated", status=409)
        setattr(locked, f"{side}_rating", rating)
        setattr(locked, f"{side}_feedback", feedback)
        locked.save(update_fields=[f"{side}_rating", f"{side}_feedback", "updated_at"])
        events.publish(ConnectionRated(connection=locked, actor=actor))
    return locked


# --- Offer page content (the member-facing block editor) ---------------------------------------

OFFER_CONTENT_MAX_BLOCKS = 30


def block_error_messages(error: ValidationError, path: str = "") -> dict[str, list[str]]:
    """Flatten a StreamField block validation error into {"path.to.field": [messages]} ("" = the block itself)."""
    found: dict[str, list[str]] = {}
    non_block = getattr(error, "non_block_errors", None)
    block_errors = getattr(error, "block_errors", None)
    if block_errors is None:
        found.setdefault(path, []).extend(str(m) for m in error.messages)
        return found
    if non_block:
        found.setdefault(path, []).extend(str(m) for e in non_block.as_data() for m in e.messages)
    for key, child in block_errors.items():
        child_path = f"{path}.{key}" if path else str(key)
        for name, messages in block_error_messages(child, child_path).items():
            found.setdefault(name, []).extend(messages)
    return found


def offer_content_set(*, offer: Offer, actor, blocks: list[dict]) -> Offer:
    """Replace an offer page's content with `blocks` ([{"type", "value", "id"}], stored form). Owner only.

    The same StreamField the curators' admin edits: every block is validated by its own clean() (video
    providers, URL schemes, list sizes, block counts), and rich text is sanitized again when rendered.
    """
    _require_owner(offer, actor)
    if offer.is_archived:
        raise ApplicationError("Archived offers can't be edited.", code="archived")
    blocks = list(blocks)
    if len(blocks) > OFFER_CONTENT_MAX_BLOCKS:
        raise ApplicationError(f"An offer page can have up to {OFFER_CONTENT_MAX_BLOCKS} blocks.",
                               fields={"content": f"Keep it to {OFFER_CONTENT_MAX_BLOCKS} blocks."})
    stream_block = Offer._meta.get_field("content").stream_block
    try:
        value = stream_block.clean(stream_block.to_python(blocks))
    except ValidationError as error:
        problems = block_error_messages(error)
        messages = [f"Block {int(path.split('.')[0]) + 1}: {m}" if path[:1].isdigit() else m
                    for path, found in problems.items() for m in found]
        raise ApplicationError(messages[0] if messages else "Please correct the content blocks.",
                               fields={"content": messages}) from error
    offer.content = value
    offer.save(update_fields=["content", "updated_at"])
    return offer


def member_image_upload(*, user, file, title: str) -> AbstractImage:
    """Store an image a member uploaded as a Wagtail image they own (root collection); returns it.

    `file` must already have passed `wagtail.images.fields.WagtailImageField` (formats, size, pixels).
    Call it inside the transaction that saves whatever uses the image, so a failed save leaves no row behind.
    """
    if not getattr(user, "is_authenticated", False):
        raise PermissionDenied("Sign in to upload images.")
    image = get_image_model()(title=(title.strip() or "Image")[:255], file=file, uploaded_by_user=user)
    image._set_image_file_metadata()  # size and hash, as Wagtail's own upload form does
    image.save()
    return image
