"""Ava's writes: the onboarding state machine, conversations with Ava, drafts she proposes, and offers
created from imported pages. Every Ask and Offer is created through collective.services, so they are
ordinary records (right type, category guessed from the text, active) shown on the profile at once.

Network work (fetching a page, calling the language model) never happens while a row is locked.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone

from collective import services as collective_services
from collective.choices import AskType, OfferStatus, OfferType, TaxonomyType
from collective.models import Ask, Offer, Taxonomy
from core.errors import ApplicationError, NotFound
from economy.choices import FEATURE_COSTS, CreditFeature, PointsAction
from economy.services import credits_spend, points_award
from members.models import User

from . import classify, content, selectors
from .choices import DraftKind, DraftStatus, OnboardingStep, Sender
from .llm import ScriptedProvider, get_provider
from .models import Conversation, Message, OnboardingState
from .url_import import IMPORT_TYPES, OfferProposal, propose_offer
from .url_import.fetch import AddressPolicy

MAX_CUSTOM_ITEMS = 8
CUSTOM_TEXT_MAX = 200
TRANSCRIPT_PER_STEP = 12
MESSAGE_MAX = 1000
URL_LIKE = re.compile(r"^(?:https?://\S+|[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}(?:/\S*)?)$", re.IGNORECASE)


# --- Shared: creating asks and offers ------------------------------------------------------------


def _tools(ids: Iterable[int]) -> list[Taxonomy]:
    ids = [int(i) for i in ids if str(i).isdigit()]
    if not ids:
        return []
    return list(Taxonomy.objects.filter(id__in=ids, taxonomy_type=TaxonomyType.TOOL, is_active=True))


def ask_from_text(*, user: User, title: str, description: str, ask_type: str | None = None,
                  category_slug: str | None = None) -> Ask:
    """An open ask, its type and category guessed from the text unless given."""
    text = f"{title} {description}"
    return collective_services.ask_create(
        user=user, title=title[:200], description=description or title, ask_type=ask_type or classify.ask_type_for(text),
        category=classify.category_by_slug(category_slug or classify.category_slug_for(text)),
    )


def offer_from_text(*, user: User, title: str, description: str, offer_type: str | None = None,
                    category_slug: str | None = None, external_url: str = "", image: str = "",
                    tool_ids: Iterable[int] = ()) -> Offer:
    """An active, free offer, its type and category guessed from the text unless given."""
    text = f"{title} {description}"
    return collective_services.offer_create(
        user=user, title=title[:200], description=description or title, status=OfferStatus.ACTIVE,
        offer_type=offer_type or classify.offer_type_for(text),
        category=classify.category_by_slug(category_slug or classify.category_slug_for(text)),
        external_url=external_url, featured_image_url=image, tools=_tools(tool_ids),
    )


def _valid_url(url: str) -> str:
    """The URL if an Offer URLField accepts it, else "" (a page's odd og:image must not block the offer)."""
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        return ""
    return url if len(url) <= 200 else ""


def offer_from_proposal(*, user: User, proposal: OfferProposal, title: str | None = None,
                        description: str | None = None, offer_type: str | None = None,
                        category_slug: str | None = None, tool_ids: Iterable[int] | None = None) -> Offer:
    """Create the offer a member confirmed from an imported page (with their edits), noting where it came from."""
    offer_type = offer_type if offer_type in OfferType.values else proposal.offer_type
    offer = offer_from_text(
        user=user, title=(title or proposal.title).strip(), description=(description or proposal.description).strip(),
        offer_type=offer_type, category_slug=category_slug or proposal.category_slug or None,
        external_url=_valid_url(proposal.url), image=_valid_url(proposal.image),
        tool_ids=proposal.tool_ids if tool_ids is None else tool_ids,
    )
    # Provenance is not member-editable, so collective.services has no parameter for it.
    Offer.objects.filter(pk=offer.pk).update(source_type="url_import", source_url=proposal.url,
                                             source_metadata={"site_name": proposal.site_name, "imported_by": "ava"})
    return offer


def import_proposal(*, url: str, hint: str | None = None, allow_address: AddressPolicy | None = None) -> OfferProposal:
    """Fetch and read a page into a proposal (ImportRefused carries a message for the member).

    With the language model configured it also classifies the page. That call is not charged: creating
    an offer (often during onboarding, with no credits yet) should never cost the member; the import
    rate limit bounds its use.
    """
    hint = hint if hint in IMPORT_TYPES else None
    return propose_offer(url=url, hint=hint, allow_address=allow_address, provider=get_provider())


IMPORTS_PER_WINDOW = 20
IMPORT_WINDOW_SECONDS = 600


def import_allowance_take(*, user: User) -> None:
    """Each fetch uses the server's network on a member's behalf: at most 20 imports per 10 minutes."""
    key = f"ava:imports:{user.pk}"
    cache.add(key, 0, IMPORT_WINDOW_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, IMPORT_WINDOW_SECONDS)
        count = 1
    if count > IMPORTS_PER_WINDOW:
        raise ApplicationError("That's a lot of links in a short time. Give it a few minutes and try again.",
                               code="rate_limited", status=429)


def looks_like_url(text: str) -> bool:
    return bool(URL_LIKE.match((text or "").strip()))


# --- Onboarding ------------------------------------------------------------------------------------


def onboarding_state_ensure(user: User) -> OnboardingState:
    state, _ = OnboardingState.objects.get_or_create(user=user)
    return state


def _say(state: OnboardingState, sender: str, text: str, *, at: str | None = None) -> None:
    at = at or selectors.onboarding_position(state)
    entries = [e for e in state.transcript if e.get("at") == at]
    if len(entries) >= TRANSCRIPT_PER_STEP:
        state.transcript.remove(entries[0])
    state.transcript.append({"at": at, "sender": sender, "text": text})


def _add_custom(items: list[str], text: str) -> str | None:
    """Add typed text to a custom list; returns a reason when it was not added."""
    text = " ".join(text.split())[:CUSTOM_TEXT_MAX]
    if not text:
        return "empty"
    if any(existing.lower() == text.lower() for existing in items):
        return "duplicate"
    if len(items) >= MAX_CUSTOM_ITEMS:
        return "full"
    items.append(text)
    return None


def _apply_picks(current: list[str], picks: list[str] | None, known: dict) -> list[str]:
    if picks is None:
        return current
    chosen = set(picks)
    return [key for key in known if key in chosen]


def _custom_step(state: OnboardingState, *, kind: str, action: str, text: str, picks: list[str] | None,
                 remove: int | None) -> bool:
    """Curiosity and Generosity: pick chips, add or remove typed items. Returns True on "continue"."""
    picks_field, custom_field, known = (
        ("ask_picks", "custom_asks", content.ASKS_BY_KEY) if kind == "ask"
        else ("offer_picks", "custom_offers", content.OFFERS_BY_KEY)
    )
    setattr(state, picks_field, _apply_picks(getattr(state, picks_field), picks, known))
    custom = getattr(state, custom_field)
    if action == "remove" and remove is not None and 0 <= remove < len(custom):
        custom.pop(remove)
    if action in ("send", "continue") and text.strip():
        problem = _add_custom(custom, text)
        if action == "send":
            _say(state, Sender.MEMBER, text.strip()[:CUSTOM_TEXT_MAX])
            noun = "asks" if kind == "ask" else "offers"
            if problem is None:
                _say(state, Sender.AVA, f"Added “{custom[-1]}” to your {noun}. Anything else?")
            elif problem == "duplicate":
                _say(state, Sender.AVA, f"That one's already in your {noun}.")
            elif problem == "full":
                _say(state, Sender.AVA, f"That's plenty of {noun} for now — you can add more from your profile later.")
    return action == "continue"


def _create_onboarding_asks(state: OnboardingState, user: User) -> None:
    for key in state.ask_picks:
        suggestion = content.ASKS_BY_KEY[key]
        ask = ask_from_text(user=user, title=suggestion.title, description=suggestion.description,
                            ask_type=suggestion.ask_type, category_slug=suggestion.category)
        state.ask_ids.append(ask.pk)
    for text in state.custom_asks:
        ask = ask_from_text(user=user, title=classify.ask_title_from(text), description=classify.sentence_from(text))
        state.ask_ids.append(ask.pk)


def _create_onboarding_offers(state: OnboardingState, user: User) -> None:
    for key in state.offer_picks:
        suggestion = content.OFFERS_BY_KEY[key]
        if suggestion.followup:
            state.followups.append(key)
            continue
        offer = offer_from_text(user=user, title=suggestion.title, description=suggestion.description,
                                offer_type=suggestion.offer_type, category_slug=suggestion.category)
        state.offer_ids.append(offer.pk)
    for text in state.custom_offers:
        offer = offer_from_text(user=user, title=classify.offer_title_from(text), description=classify.sentence_from(text))
        state.offer_ids.append(offer.pk)


def _finish_followup(state: OnboardingState, *, key: str, offer: Offer | None) -> None:
    state.followups = state.followups[1:]
    state.pending_import = {}
    state.followups_done.append({"key": key, "offer_id": offer.pk if offer else None,
                                 "title": offer.title if offer else ""})
    if offer is not None:
        state.offer_ids.append(offer.pk)
    if not state.followups:
        state.step = OnboardingStep.RESPECT


def _described_offer(user: User, key: str, text: str) -> Offer:
    suggestion = content.OFFERS_BY_KEY[key]
    text = " ".join(text.split())
    if suggestion.followup == "help_with":
        topic = re.sub(r"^\s*i\s+(?:can\s+)?help\s+(?:people\s+)?(?:with\s+)?", "", text, flags=re.I).strip(" .") or text
        title = f"{content.SERVICE_TITLE_PREFIX[key]}: {classify._clip(topic, 90)}"
        description = classify.sentence_from(f"I help with {topic[:1].lower()}{topic[1:]}")
        return offer_from_text(user=user, title=title, description=description, offer_type=suggestion.offer_type)
    return offer_from_text(user=user, title=classify.offer_title_from(text), description=classify.sentence_from(text),
                           offer_type=suggestion.offer_type)


def _followup_step(state: OnboardingState, user: User, *, action: str, text: str, fetched: dict | None,
                   edits: dict | None) -> None:
    key = state.followups[0]
    if action == "skip":
        _say(state, Sender.MEMBER, "Skip for now")
        _finish_followup(state, key=key, offer=None)
        return
    if action == "discard" and state.pending_import:
        state.pending_import = {}
        _say(state, Sender.MEMBER, "Not this one")
        _say(state, Sender.AVA, "No problem. Paste another link, or tell me about it in a sentence.")
        return
    if action == "confirm" and state.pending_import:
        proposal = OfferProposal.from_dict(state.pending_import)
        edits = edits or {}
        offer = offer_from_proposal(user=user, proposal=proposal, **edits)
        _say(state, Sender.AVA, f"Done! “{offer.title}” is on your profile now.")
        _finish_followup(state, key=key, offer=offer)
        return
    if action not in ("send", "import") or not text.strip():
        return
    _say(state, Sender.MEMBER, text.strip()[:CUSTOM_TEXT_MAX])
    if fetched is not None:  # a link, fetched before the lock
        if "proposal" in fetched:
            state.pending_import = fetched["proposal"]
            _say(state, Sender.AVA, "Here's what I found. Check it over and add it to your profile:")
        else:
            _say(state, Sender.AVA, f"{fetched['error']} You can paste another link, or just tell me what it's "
                                    "called and what it does.")
        return
    offer = _described_offer(user, key, text)
    noun = {"consulting": "service", "mentorship": "mentorship offer"}.get(key, "page")
    _say(state, Sender.AVA, f"Lovely — your {noun} “{offer.title}” is on your profile now.")
    _finish_followup(state, key=key, offer=offer)


def _agrees(text: str) -> bool:
    words = text.strip().lower()
    return any(re.search(r"(?<!\w)" + re.escape(w) + r"(?!\w)", words) for w in content.AGREEMENT_WORDS) and \
        not re.search(r"\b(?:not|don'?t|disagree|no)\b", words)


def onboarding_act(*, user: User, step: str, action: str, text: str = "", picks: list[str] | None = None,
                   remove: int | None = None, edits: dict | None = None,
                   allow_address: AddressPolicy | None = None) -> OnboardingState:
    """Apply one member action to their onboarding and save it.

    `step` is the step the member's screen showed: an action from a stale screen (another tab or
    device moved on, or a double click) changes nothing, so nothing is created twice.
    Raises ApplicationError for input a service refused (shown by Ava) and when already completed.
    """
    if user.onboarding_completed_at is not None:
        raise ApplicationError("You've already completed onboarding.", code="completed")
    state = onboarding_state_ensure(user)
    text = (text or "")[:MESSAGE_MAX]
    fetched = None
    if (state.step == step == OnboardingStep.FOLLOWUPS and state.followups and action in ("send", "import")
            and content.OFFERS_BY_KEY[state.followups[0]].followup == "import" and looks_like_url(text)):
        hint = content.OFFERS_BY_KEY[state.followups[0]].offer_type
        try:
            import_allowance_take(user=user)
            fetched = {"proposal": import_proposal(url=text.strip(), hint=hint, allow_address=allow_address).as_dict()}
        except ApplicationError as refusal:
            fetched = {"error": refusal.message}

    with transaction.atomic():
        state = OnboardingState.objects.select_for_update().get(pk=user.pk)
        if state.step != step:
            return state
        if step == OnboardingStep.WELCOME and (action == "continue" or (action == "send" and text.strip())):
            _say(state, Sender.MEMBER, text.strip()[:CUSTOM_TEXT_MAX] or content.MEMBER_WELCOME_REPLY)
            state.step = OnboardingStep.CURIOSITY
        elif step == OnboardingStep.CURIOSITY:
            if _custom_step(state, kind="ask", action=action, text=text, picks=picks, remove=remove):
                _say(state, Sender.MEMBER, selectors.picks_summary(state, kind="ask"))
                _create_onboarding_asks(state, user)
                state.step = OnboardingStep.GENEROSITY
        elif step == OnboardingStep.GENEROSITY:
            if _custom_step(state, kind="offer", action=action, text=text, picks=picks, remove=remove):
                _say(state, Sender.MEMBER, selectors.picks_summary(state, kind="offer"))
                _create_onboarding_offers(state, user)
                state.step = OnboardingStep.FOLLOWUPS if state.followups else OnboardingStep.RESPECT
        elif step == OnboardingStep.FOLLOWUPS and state.followups:
            _followup_step(state, user, action=action, text=text, fetched=fetched, edits=edits)
        elif step == OnboardingStep.RESPECT:
            if action == "agree" or (action == "send" and _agrees(text)):
                _say(state, Sender.MEMBER, text.strip()[:CUSTOM_TEXT_MAX] if action == "send" else content.MEMBER_AGREED)
                state.agreed_at = timezone.now()
                state.step = OnboardingStep.COMPLETE
            elif action == "send" and text.strip():
                _say(state, Sender.MEMBER, text.strip()[:CUSTOM_TEXT_MAX])
                _say(state, Sender.AVA, content.RESPECT_NUDGE)
        elif step == OnboardingStep.COMPLETE and action == "finish":
            onboarding_complete(user=user)
        state.save()
    return state


def onboarding_complete(*, user: User) -> bool:
    """Record completion once and award its points once. Returns False if it was already complete.

    The conditional UPDATE is the guard: of two concurrent requests only one changes the row.
    """
    state = OnboardingState.objects.filter(pk=user.pk).first()
    if state is None or state.agreed_at is None:
        raise ApplicationError("Agree to the community guidelines first.", code="guidelines")
    now = timezone.now()
    with transaction.atomic():
        updated = User.objects.filter(pk=user.pk, onboarding_completed_at__isnull=True).update(
            onboarding_completed_at=now)
        if not updated:
            return False
        user.onboarding_completed_at = now
        points_award(user=user, action=PointsAction.COMPLETE_ONBOARDING, source=user,
                     description="Welcome aboard! You finished onboarding")
    return True


# --- Conversations with Ava ---------------------------------------------------------------------------

DRAFT_ASK_COMMAND = re.compile(r"\b(?:post|draft|create|write|make|turn)\b.{0,40}\bask\b", re.I)
DRAFT_OFFER_COMMAND = re.compile(r"\b(?:post|draft|create|write|make|add|share|turn)\b.{0,40}\boffer\b", re.I)
OFFER_LIKE = re.compile(r"^\s*(?:i\s+(?:can|could)\b|i\s+offer\b|i'?d\s+like\s+to\s+offer|i\s+want\s+to\s+offer"
                        r"|i\s+help\s+(?:people\s+)?with|i'?m\s+good\s+at|i\s+teach|i\s+built|i\s+made)", re.I)
GREETING = re.compile(r"^\s*(?:hi|hey|hello|yo|hiya|good\s+(?:morning|afternoon|evening)|thanks|thank\s+you|help|"
                      r"who\s+are\s+you|what\s+can\s+you\s+do)[\s!.?,]*(?:ava)?[\s!.?]*$", re.I)


def _clean_message(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ApplicationError("Type a message for Ava.", fields={"message": "Type a message for Ava."})
    if len(text) > MESSAGE_MAX:
        message = f"Keep it under {MESSAGE_MAX} characters."
        raise ApplicationError(message, fields={"message": message})
    return text


def conversation_start(*, user: User, text: str, provider: ScriptedProvider | None = None) -> Conversation:
    """Open a conversation with the member's first message and Ava's answer."""
    text = _clean_message(text)
    conversation = Conversation.objects.create(user=user, title=classify._clip(" ".join(text.split()), 80))
    conversation_reply(conversation=conversation, user=user, text=text, provider=provider)
    return conversation


def _last_substantive(conversation: Conversation, *, exclude_id: int | None = None) -> str:
    """The member's latest message that says what they need or offer (not a command or greeting)."""
    for text in (conversation.messages.filter(sender=Sender.MEMBER).exclude(pk=exclude_id)
                 .order_by("-created_at", "-id").values_list("text", flat=True)[:10]):
        if not GREETING.match(text) and not DRAFT_ASK_COMMAND.search(text) and not DRAFT_OFFER_COMMAND.search(text):
            return text
    return ""


def _model_allowed(conversation: Conversation, user: User, provider: ScriptedProvider) -> tuple[bool, str]:
    """(use the model?, notice). A session on the model costs FEATURE_COSTS["ava_session"] credits, once."""
    if not provider.uses_model:
        return False, ""
    if conversation.model_charged_at is not None:
        return True, ""
    cost = FEATURE_COSTS[CreditFeature.AVA_SESSION]
    balance = User.objects.filter(pk=user.pk).values_list("credit_balance", flat=True).first() or 0
    if balance < cost:
        return False, (f"A conversation with Ava's AI model costs {cost} credit and you have {balance}, so I answered "
                       "from the collective's search instead. You can turn points into credits on My points.")
    return True, ""


def _charge_session(conversation: Conversation, user: User) -> None:
    if conversation.model_charged_at is not None:
        return
    try:
        credits_spend(user=user, feature=CreditFeature.AVA_SESSION, idempotency_key=f"ava:conversation:{conversation.pk}",
                      metadata={"conversation": conversation.pk})
    except ApplicationError:
        return  # spent elsewhere in the meantime: this reply is on the house
    Conversation.objects.filter(pk=conversation.pk).update(model_charged_at=timezone.now())
    conversation.model_charged_at = timezone.now()


def _draft_payload(kind: str, text: str, provider: ScriptedProvider) -> dict:
    """A draft ask or offer from what the member wrote (the model refines it when configured)."""
    if kind == DraftKind.ASK:
        draft_type = classify.ask_type_for(text)
        draft = {"kind": kind, "title": classify.ask_title_from(text), "type": draft_type,
                 "description": classify.description_from(text, closer=classify.ASK_CLOSERS.get(draft_type, "")),
                 "category": classify.category_slug_for(text)}
        types = list(AskType.values)
    else:
        draft_type = classify.offer_type_for(text)
        draft = {"kind": kind, "title": classify.offer_title_from(text), "type": draft_type,
                 "description": classify.description_from(text, closer=classify.OFFER_CLOSERS.get(draft_type, "")),
                 "category": classify.category_slug_for(text)}
        types = list(OfferType.values)
    refined = provider.draft(kind=kind, text=text, types=types,
                             categories=[*classify.CATEGORY_KEYWORDS, classify.OTHER_CATEGORY]) \
        if provider.uses_model else None
    draft.update(refined or {})
    draft["status"] = DraftStatus.PROPOSED
    return draft


def conversation_reply(*, conversation: Conversation, user: User, text: str,
                       provider: ScriptedProvider | None = None) -> list[Message]:
    """Store the member's message and Ava's answer: search findings, a draft, or a question back."""
    if conversation.user_id != user.pk:
        raise NotFound("No such conversation.")
    text = _clean_message(text)
    provider = provider or get_provider()
    use_model, notice = _model_allowed(conversation, user, provider)
    member_message = Message.objects.create(conversation=conversation, sender=Sender.MEMBER, text=text)
    awaiting = conversation.state.get("awaiting")
    payload: dict = {}

    if awaiting == DraftKind.OFFER and not GREETING.match(text):
        conversation.state = {}
        reply = "Here's a draft of your offer. Change anything you like, then post it."
        payload["draft"] = _draft_payload(DraftKind.OFFER, text, provider if use_model else ScriptedProvider())
    elif DRAFT_OFFER_COMMAND.search(text) or DRAFT_ASK_COMMAND.search(text):
        kind = DraftKind.OFFER if DRAFT_OFFER_COMMAND.search(text) else DraftKind.ASK
        source = _last_substantive(conversation, exclude_id=member_message.pk)
        remainder = re.sub(r"^.*?\b(?:ask|offer)\b[\s:,-]*(?:for|about|to)?\s*", "", text, count=1, flags=re.I)
        source = remainder if len(remainder.split()) >= 3 else source
        if kind == DraftKind.OFFER and not OFFER_LIKE.match(source or ""):
            conversation.state = {"awaiting": DraftKind.OFFER}
            reply = ("Happy to! What would you like to offer? Tell me in a sentence — for example “I review "
                     "landing pages for early-stage founders” or “I built a Notion template for content calendars”.")
        elif not source:
            reply = "Tell me in a sentence what you need, and I'll turn it into an ask for you."
        else:
            reply = f"Here's a draft {kind}. Change anything you like, then post it."
            payload["draft"] = _draft_payload(kind, source, provider if use_model else ScriptedProvider())
    elif GREETING.match(text):
        reply = ("Hi! I'm Ava. Tell me what you're trying to do — “I need help writing blog posts”, “find beta "
                 "testers for my app” — and I'll find tools, people, courses and open asks in the collective. "
                 "I can also draft an ask or an offer for you.")
        payload["suggestions"] = ["I need help writing blog posts", "Find beta testers for my app",
                                  "Help me write an offer"]
    else:
        findings = selectors.ava_findings(query=text, viewer=user)
        payload["findings"] = findings
        payload["query"] = text
        payload["source"] = member_message.pk
        reply = selectors.findings_summary(findings, query=text)
        payload["actions"] = ["draft_offer"] if OFFER_LIKE.match(text) else ["draft_ask"]
        if use_model:
            history = list(conversation.messages.exclude(pk=member_message.pk)
                           .order_by("-created_at", "-id").values("sender", "text")[:6])[::-1]
            phrased = provider.phrase_answer(question=text, findings=selectors.findings_for_model(findings),
                                             fallback=reply, history=history)
            if phrased:
                reply = phrased
                payload["phrased_by"] = "model"
                _charge_session(conversation, user)
    if notice:
        payload["notice"] = notice
    ava_message = Message.objects.create(conversation=conversation, sender=Sender.AVA, text=reply, payload=payload)
    conversation.save(update_fields=["state", "updated_at"])
    return [member_message, ava_message]


def ava_says(*, conversation: Conversation, text: str) -> Message:
    """A plain line from Ava (e.g. why she couldn't do something)."""
    message = Message.objects.create(conversation=conversation, sender=Sender.AVA, text=text)
    conversation.save(update_fields=["updated_at"])
    return message


def conversation_draft(*, conversation: Conversation, user: User, kind: str, source_id: int | None = None,
                       provider: ScriptedProvider | None = None) -> Message:
    """Ava drafts an ask or offer from the conversation (the member's message `source_id`, or their latest)."""
    if conversation.user_id != user.pk:
        raise NotFound("No such conversation.")
    if kind not in DraftKind.values:
        raise ApplicationError("Choose an ask or an offer.", fields={"kind": "Choose ask or offer."})
    source = ""
    if source_id is not None:
        source = conversation.messages.filter(pk=source_id, sender=Sender.MEMBER).values_list("text", flat=True).first() or ""
    source = source or _last_substantive(conversation)
    if not source:
        raise ApplicationError("Tell Ava what you need first.", code="nothing_to_draft")
    provider = provider or get_provider()
    use_model, _ = _model_allowed(conversation, user, provider)
    draft = _draft_payload(kind, source, provider if use_model else ScriptedProvider())
    if use_model and conversation.model_charged_at is None:
        _charge_session(conversation, user)
    text = f"Here's a draft {kind}. Change anything you like, then post it."
    message = Message.objects.create(conversation=conversation, sender=Sender.AVA, text=text, payload={"draft": draft})
    conversation.save(update_fields=["updated_at"])
    return message


def draft_post(*, message: Message, user: User, title: str, description: str, draft_type: str,
               category_slug: str = "") -> Ask | Offer:
    """The member confirms Ava's draft: create the ask (open) or offer (active) through the services."""
    if message.conversation.user_id != user.pk:
        raise NotFound("No such draft.")
    with transaction.atomic():
        message = Message.objects.select_for_update().get(pk=message.pk)
        draft = message.draft
        if draft is None:
            raise NotFound("No such draft.")
        if draft.get("status") == DraftStatus.POSTED:
            raise ApplicationError("This draft is already posted.", code="already_posted")
        title, description = " ".join((title or "").split()), (description or "").strip()
        if not title:
            raise ApplicationError("Give it a title.", fields={"title": "Give it a title."})
        category_slug = category_slug or None
        if draft["kind"] == DraftKind.ASK:
            ask_type = draft_type if draft_type in AskType.values else None
            created = ask_from_text(user=user, title=title, description=description or title, ask_type=ask_type,
                                    category_slug=category_slug)
        else:
            offer_type = draft_type if draft_type in OfferType.values else None
            created = offer_from_text(user=user, title=title, description=description or title,
                                      offer_type=offer_type, category_slug=category_slug)
        draft.update({"status": DraftStatus.POSTED, "title": created.title, "description": created.description,
                      "url": created.get_absolute_url(), "object_id": created.pk})
        message.payload = {**message.payload, "draft": draft}
        message.save(update_fields=["payload"])
    return created


def draft_dismiss(*, message: Message, user: User) -> Message:
    if message.conversation.user_id != user.pk or message.draft is None:
        raise NotFound("No such draft.")
    if message.draft.get("status") == DraftStatus.PROPOSED:
        message.payload = {**message.payload, "draft": {**message.draft, "status": DraftStatus.DISMISSED}}
        message.save(update_fields=["payload"])
    return message


def conversation_delete(*, conversation: Conversation, user: User) -> None:
    if conversation.user_id != user.pk:
        raise NotFound("No such conversation.")
    conversation.delete()


def onboarding_reminder_dismiss(*, user) -> None:
    """Hide the dashboard's "Finish onboarding" card for good."""
    OnboardingState.objects.filter(user=user, reminder_dismissed_at__isnull=True).update(
        reminder_dismissed_at=timezone.now())
