"""Ava's reads: what the onboarding chat shows, what Ava finds for a question, and a member's conversations."""
from __future__ import annotations

from urllib.parse import urlencode

from django.db.models import QuerySet

from collective import selectors as collective
from collective.choices import AskStatus, OfferType
from core.errors import NotFound
from economy.selectors import priority_placement_q
from matching import selectors as matching

from . import content
from .choices import STEP_ORDER, OnboardingStep, Sender
from .models import Conversation, Message, OnboardingState

EXPERT_OFFER_TYPES = (OfferType.SERVICE, OfferType.MENTORSHIP, OfferType.SKILL, OfferType.FEEDBACK)
SECTION_NOUNS = {
    "tools": ("tool", "tools"),
    "experts": ("member who can help", "members who can help"),
    "courses": ("course", "courses"),
    "offers": ("offer", "offers"),
    "asks": ("open ask", "open asks"),
}


# --- Onboarding -----------------------------------------------------------------------------------


def onboarding_position(state: OnboardingState) -> str:
    """Where new transcript lines belong: the step, or the follow-up being asked ("followups:app")."""
    if state.step == OnboardingStep.FOLLOWUPS and state.followups:
        return f"followups:{state.followups[0]}"
    return state.step


def _reached(state: OnboardingState, step: str) -> bool:
    return STEP_ORDER.index(state.step) >= STEP_ORDER.index(step)


def picks_summary(state: OnboardingState, *, kind: str) -> str:
    """The member's answer to Curiosity or Generosity, as a chat line."""
    if kind == "ask":
        labels = [content.ASKS_BY_KEY[k].label for k in state.ask_picks] + [f"“{t}”" for t in state.custom_asks]
        lead, empty = "I'm looking for: ", "Nothing right now — I'll ask later."
    else:
        labels = [content.OFFERS_BY_KEY[k].label for k in state.offer_picks] + [f"“{t}”" for t in state.custom_offers]
        lead, empty = "I can offer: ", "Nothing yet — I'm here to learn for now."
    if not labels:
        return empty
    return lead + (", ".join(labels[:-1]) + " and " + labels[-1] if len(labels) > 1 else labels[0])


def _plural(count: int, singular: str, plural: str) -> str:
    return f"{count} {singular if count == 1 else plural}"


def onboarding_thread(state: OnboardingState) -> list[dict]:
    """The onboarding chat as a list of items for the template, rebuilt from the saved state.

    Each item: {"sender": "ava"|"member", "text": ..., "widget": name of the inline controls or ""}.
    Only the current step's Ava message carries a widget.
    """
    lines: dict[str, list[dict]] = {}
    for entry in state.transcript:
        lines.setdefault(entry.get("at", ""), []).append({"sender": entry["sender"], "text": entry["text"], "widget": ""})
    current = onboarding_position(state)
    items: list[dict] = []

    def block(at: str, text: str, widget: str, extra: dict | None = None) -> None:
        items.append({"sender": Sender.AVA, "text": text, "widget": widget if at == current else "", **(extra or {})})
        items.extend(lines.get(at, []))

    block("welcome", content.WELCOME, "welcome")
    if _reached(state, OnboardingStep.CURIOSITY):
        block("curiosity", content.CURIOSITY, "curiosity")
    if _reached(state, OnboardingStep.GENEROSITY):
        asks = len(state.ask_ids)
        ack = (f"Lovely — {_plural(asks, 'ask is', 'asks are')} on your profile now, so people can start helping.\n\n"
               if asks else "No problem — you can ask any time.\n\n")
        block("generosity", ack + content.GENEROSITY, "generosity")
    if _reached(state, OnboardingStep.FOLLOWUPS):
        keys = [done["key"] for done in state.followups_done] + list(state.followups[:1])
        for key in keys:
            block(f"followups:{key}", content.FOLLOWUP_QUESTIONS[key], "followup")
        if state.pending_import and current.startswith("followups:"):
            items.append({"sender": Sender.AVA, "text": "", "widget": "proposal"})
    if _reached(state, OnboardingStep.RESPECT):
        block("respect", content.RESPECT, "respect", {"guidelines": content.GUIDELINES,
                                                     "outro": content.RESPECT_OUTRO})
    if _reached(state, OnboardingStep.COMPLETE):
        block("complete", content.COMPLETE, "complete")
    return items


def unfinished_onboarding(user) -> OnboardingState | None:
    """The member's onboarding if they started it, left midway and haven't dismissed the reminder."""
    if not user.is_authenticated or user.onboarding_completed_at is not None:
        return None
    return (OnboardingState.objects.filter(user=user, reminder_dismissed_at__isnull=True)
            .exclude(step=OnboardingStep.COMPLETE).first())


def onboarding_progress(state: OnboardingState) -> dict:
    index = {OnboardingStep.WELCOME: 0, OnboardingStep.CURIOSITY: 1, OnboardingStep.GENEROSITY: 2,
             OnboardingStep.FOLLOWUPS: 2, OnboardingStep.RESPECT: 3, OnboardingStep.COMPLETE: 4}[state.step]
    steps = [{"label": label, "done": n < index, "current": n == index} for n, label in enumerate(content.PROGRESS_STEPS)]
    return {"index": index, "value": index + 1, "max": len(steps), "steps": steps, "label": content.PROGRESS_STEPS[index]}


def composer_placeholder(state: OnboardingState) -> str:
    if state.step == OnboardingStep.FOLLOWUPS and state.followups:
        return content.FOLLOWUP_PLACEHOLDERS[state.followups[0]]
    return content.COMPOSER_PLACEHOLDERS.get(state.step, "")


# --- What Ava finds ------------------------------------------------------------------------------


def _person(member) -> dict:
    return {"title": member.get_display_name, "url": member.get_absolute_url(),
            "meta": member.tagline or f"@{member.username}", "initials": member.initials, "username": member.username}


def _offer(offer) -> dict:
    return {"title": offer.title, "url": offer.get_absolute_url(),
            "meta": f"{offer.get_offer_type_display()} by @{offer.user.username} · {offer.price_display}",
            "type": offer.offer_type}


def _ask(ask) -> dict:
    return {"title": ask.title, "url": ask.get_absolute_url(),
            "meta": f"{ask.get_ask_type_display()} · asked by @{ask.user.username}", "type": ask.ask_type}


def _sections(*, query: str, viewer, limit: int) -> dict:
    """The same sections as /discover/, from the same hybrid search (matching): tools, experts, course offers,
    other offers and open asks."""
    order = None if collective.search_terms(query) else "featured"
    return {
        "tools": matching.tool_cards(query=query, limit=limit + 2),
        "experts": list(matching.people_search(query=query, viewer=viewer, has_offers=True)[:limit]),
        "courses": list(matching.offers_search(query=query, offer_type=matching.LEARN_TYPES, viewer=viewer,
                                               ordering=order, prefer=priority_placement_q())[:3]),
        "offers": list(matching.offers_search(query=query, offer_type=matching.OTHER_TYPES, viewer=viewer,
                                              ordering=order, prefer=priority_placement_q())[: limit + 2]),
        "asks": list(matching.asks_search(query=query, status=AskStatus.OPEN, viewer=viewer)[:limit]),
    }


def ava_findings(*, query: str, viewer=None, limit: int = 3) -> dict:
    """What the collective has for `query`, from the site's own search, as a snapshot stored with Ava's
    reply: {"tools", "experts", "courses", "offers", "asks": [{"title", "url", "meta", …}], "more_url"}."""
    sections = _sections(query=query, viewer=viewer, limit=limit + 1)
    viewer_id = getattr(viewer, "pk", None)
    tools = [{"title": card.name, "url": card.url, "meta": card.tagline, "badge": card.pricing_label}
             for card in sections["tools"][:limit]]
    if not tools:  # tools known to the taxonomy but without a directory page yet
        tools = [{"title": t.name, "url": t.get_absolute_url(), "meta": (t.description or "")[:140]}
                 for t in matching.tools_search(query=query)[:limit]]
    offers = [o for o in sections["offers"] if o.user_id != viewer_id]
    experts, seen = [], {viewer_id}
    for member in sections["experts"]:
        if member.pk not in seen:
            experts.append(_person(member))
            seen.add(member.pk)
    # People whose matching offers are help they give (services, mentorship, skills, feedback).
    for offer in offers:
        if len(experts) >= limit:
            break
        if offer.offer_type in EXPERT_OFFER_TYPES and offer.user_id not in seen:
            experts.append(_person(offer.user))
            seen.add(offer.user_id)
    return {
        "tools": tools,
        "experts": experts[:limit],
        "courses": [_offer(o) for o in sections["courses"] if o.user_id != viewer_id][:limit],
        "offers": [_offer(o) for o in offers][:limit],
        "asks": [_ask(a) for a in sections["asks"] if a.user_id != viewer_id][:limit],
        "more_url": "/discover/?" + urlencode({"q": query[:200]}),
    }


def findings_count(findings: dict) -> int:
    return sum(len(findings.get(name, [])) for name in SECTION_NOUNS)


def findings_summary(findings: dict, *, query: str) -> str:
    """Ava's scripted reply to a search: what she found, in one sentence."""
    topic = " ".join(collective.search_terms(query)) or query
    parts = [_plural(len(findings[name]), *SECTION_NOUNS[name]) for name in SECTION_NOUNS if findings.get(name)]
    if not parts:
        return (f"I couldn't find anything in the collective for “{topic}” yet. Want me to post it as an ask, so "
                "members who can help will see it?")
    listed = ", ".join(parts[:-1]) + " and " + parts[-1] if len(parts) > 1 else parts[0]
    return f"Here's what the collective has for “{topic}”: {listed}."


def findings_for_model(findings: dict) -> dict:
    """Names and one-line descriptions only (no links) for the language model to phrase a reply."""
    return {name: [{"title": item["title"], "about": item.get("meta", "")} for item in findings.get(name, [])]
            for name in SECTION_NOUNS}


# --- Conversations -------------------------------------------------------------------------------


def conversations_of(user) -> QuerySet[Conversation]:
    return Conversation.objects.filter(user=user).order_by("-updated_at", "-id")


def conversation_for(*, user, pk: int) -> Conversation:
    """A member's own conversation; anyone else's doesn't exist for them."""
    conversation = Conversation.objects.filter(user=user, pk=pk).first() if user.is_authenticated else None
    if conversation is None:
        raise NotFound("No such conversation.")
    return conversation


def conversation_messages(conversation: Conversation) -> QuerySet[Message]:
    return conversation.messages.order_by("created_at", "id")


def draft_message_for(*, user, conversation_pk: int, message_pk: int) -> Message:
    message = (Message.objects.select_related("conversation")
               .filter(pk=message_pk, conversation_id=conversation_pk, conversation__user=user,
                       sender=Sender.AVA).first())
    if message is None or message.draft is None:
        raise NotFound("No such draft.")
    return message
