"""Caption suggestions for X, LinkedIn and Instagram: from the Ava model when configured, else templates."""
from __future__ import annotations

import logging

from assistant.llm import LLMError, get_provider

from .render import Card

logger = logging.getLogger(__name__)

NETWORKS = {"x": "X", "linkedin": "LinkedIn", "instagram": "Instagram"}
X_LIMIT = 280


def suggest(card: Card, *, provider=None) -> dict[str, str]:
    provider = provider or get_provider()
    written = _from_model(provider, card) if provider.uses_model else None
    return written or templates(card)


def templates(card: Card) -> dict[str, str]:
    """Deterministic captions written from the card; the X one always fits in 280 characters."""
    kind = card.kicker.split("·")[0].strip().lower()
    lead = {
        "offer": f"I'm offering “{card.title}” on the All Thrive AI Collective.",
        "course": f"My course “{card.title}” is live on the All Thrive AI Collective.",
        "endorsement": f"Grateful for this note from a fellow builder: {card.title}",
        "milestone": card.title + ".",
    }.get(kind, f"Find me on the All Thrive AI Collective: {card.title}")
    tags = "#AI #buildinpublic #AllThrive"
    x_text = f"{lead} {card.url} {tags}"
    if len(x_text) > X_LIMIT:
        room = X_LIMIT - len(card.url) - len(tags) - 3
        x_text = f"{lead[: room - 1].rstrip()}… {card.url} {tags}"
    detail = f"\n\n{card.subtitle}" if card.subtitle and kind != "endorsement" else ""
    return {
        "x": x_text,
        "linkedin": f"{lead}{detail}\n\nThe collective is where AI builders share what they offer and ask for "
                    f"what they need. Have a look: {card.url}\n\n{tags}",
        "instagram": f"{lead}{detail}\n\nLink in bio · scan the code on the card.\n\n{tags} #creator #community",
    }


def _from_model(provider, card: Card) -> dict[str, str] | None:
    prompt = (
        "Write three short social media captions promoting this item from an AI builders' community. "
        'Answer with JSON only: {"x": "...", "linkedin": "...", "instagram": "..."}. '
        f"The X caption must be under 250 characters and include the link. Item kind: {card.kicker}. "
        f"Title: {card.title}. Details: {card.subtitle}. Author: {card.name}. Link: {card.url}"
    )
    try:
        answer = provider._json([{"role": "user", "content": prompt}], max_tokens=600)
    except LLMError as error:  # the provider already logs; a failed call falls back to templates
        logger.warning("caption model call failed: %s", error)
        return None
    if not answer or not all(isinstance(answer.get(key), str) and answer[key].strip() for key in NETWORKS):
        return None
    captions = {key: answer[key].strip()[:2000] for key in NETWORKS}
    if len(captions["x"]) > X_LIMIT:
        captions["x"] = templates(card)["x"]
    return captions
