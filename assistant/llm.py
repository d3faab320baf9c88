"""Ava's language-model provider: a small interface with two implementations.

- `ScriptedProvider` (the default, offline and in tests): deterministic. Its methods return None,
  which tells callers to use the scripted text and the keyword classifiers.
- `ChatCompletionsProvider`: any OpenAI-compatible chat completions API, used when
  AVA_LLM_BASE_URL, AVA_LLM_API_KEY and AVA_LLM_MODEL are all set. It phrases Ava's replies and
  classifies imported pages and drafts. Links always come from the site's own search, never from
  the model, and everything it returns is validated; any failure falls back to the scripted answer.
"""
from __future__ import annotations

import json
import logging
import re
import urllib.error
import urllib.request

from django.conf import settings

logger = logging.getLogger(__name__)

TIMEOUT_SECONDS = 20
REPLY_MAX = 1200
SYSTEM_PROMPT = (
    "You are Ava, the warm, concise guide of All Thrive, an AI collective where members share what they offer "
    "and ask for what they need. Values: Generosity, Curiosity, Respect. Write plain text (no markdown links, "
    "no URLs), at most four short sentences. Only mention people, tools, offers, courses and asks that appear "
    "in the findings you are given; never invent any."
)


class LLMError(Exception):
    pass


class ScriptedProvider:
    """No model: every method answers None and callers use their deterministic fallback."""

    uses_model = False
    name = "scripted"

    def phrase_answer(self, *, question: str, findings: dict, fallback: str, history: list[dict]) -> str | None:
        return None

    def classify_import(self, *, page: dict, hint: str | None, offer_types: list[str],
                        categories: list[str]) -> dict | None:
        return None

    def draft(self, *, kind: str, text: str, types: list[str], categories: list[str]) -> dict | None:
        return None


class ChatCompletionsProvider(ScriptedProvider):
    uses_model = True
    name = "model"

    def __init__(self, *, base_url: str, api_key: str, model: str, timeout: float = TIMEOUT_SECONDS) -> None:
        self.endpoint = base_url.rstrip("/") + "/chat/completions"
        self.api_key = api_key
        self.model = model
        self.timeout = timeout

    # --- transport ------------------------------------------------------------------------------
    def complete(self, messages: list[dict], *, max_tokens: int = 400, temperature: float = 0.3) -> str:
        body = json.dumps({"model": self.model, "messages": messages, "max_tokens": max_tokens,
                           "temperature": temperature}).encode()
        request = urllib.request.Request(self.endpoint, data=body, method="POST", headers={  # noqa: S310 - admin-set URL
            "Authorization": f"Bearer {self.api_key}", "Content-Type": "application/json",
            "Accept": "application/json",
        })
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                data = json.loads(response.read(1_000_000).decode("utf-8"))
            content = data["choices"][0]["message"]["content"]
        except (urllib.error.URLError, TimeoutError, OSError, ValueError, KeyError, IndexError, TypeError) as error:
            raise LLMError(str(error)) from error
        if not isinstance(content, str) or not content.strip():
            raise LLMError("empty completion")
        return content.strip()

    def _json(self, messages: list[dict], *, max_tokens: int = 500) -> dict | None:
        try:
            text = self.complete(messages, max_tokens=max_tokens, temperature=0)
        except LLMError as error:
            logger.warning("Ava model call failed: %s", error)
            return None
        match = re.search(r"\{.*\}", text, re.S)
        try:
            value = json.loads(match.group(0)) if match else None
        except ValueError:
            value = None
        return value if isinstance(value, dict) else None

    # --- Ava's uses -----------------------------------------------------------------------------
    def phrase_answer(self, *, question: str, findings: dict, fallback: str, history: list[dict]) -> str | None:
        messages = [{"role": "system", "content": SYSTEM_PROMPT}]
        for turn in history[-6:]:
            messages.append({"role": "user" if turn["sender"] == "member" else "assistant",
                             "content": turn["text"][:1000]})
        messages.append({"role": "user", "content": (
            f"Member: {question[:1000]}\n\nFindings from the collective (JSON): {json.dumps(findings)[:4000]}\n\n"
            f"A plain fallback reply would be: {fallback}\n\nWrite Ava's reply."
        )})
        try:
            text = self.complete(messages)
        except LLMError as error:
            logger.warning("Ava model call failed: %s", error)
            return None
        return text[:REPLY_MAX]

    def classify_import(self, *, page: dict, hint: str | None, offer_types: list[str],
                        categories: list[str]) -> dict | None:
        value = self._json([
            {"role": "system", "content": "You classify web pages into offers for a community marketplace. "
                                          "Answer with one JSON object only."},
            {"role": "user", "content": (
                f"Page (JSON): {json.dumps(page)[:5000]}\nThe member said it is: {hint or 'unknown'}.\n"
                f"Return {{\"offer_type\": one of {offer_types}, \"category\": one of {categories}, "
                "\"title\": a short title (max 80 chars), \"description\": one or two sentences on what it is "
                "and who it helps}."
            )},
        ])
        return _validated(value, types=offer_types, categories=categories)

    def draft(self, *, kind: str, text: str, types: list[str], categories: list[str]) -> dict | None:
        value = self._json([
            {"role": "system", "content": f"You turn what a member wrote into a clear {kind} for a community of "
                                          "AI builders. Answer with one JSON object only."},
            {"role": "user", "content": (
                f"Member wrote: {text[:2000]}\nReturn {{\"type\": one of {types}, \"category\": one of "
                f"{categories}, \"title\": a short title (max 80 chars), \"description\": two or three sentences "
                "in the member's voice}."
            )},
        ])
        if value is not None and "type" in value:
            value["offer_type"] = value.pop("type")
        validated = _validated(value, types=types, categories=categories)
        if validated and "offer_type" in validated:
            validated["type"] = validated.pop("offer_type")
        return validated


def _validated(value: dict | None, *, types: list[str], categories: list[str]) -> dict | None:
    """Keep only well-formed fields of a model answer."""
    if not value:
        return None
    clean: dict = {}
    if value.get("offer_type") in types:
        clean["offer_type"] = value["offer_type"]
    if value.get("category") in categories:
        clean["category"] = value["category"]
    for name, limit in (("title", 120), ("description", 2000)):
        text = value.get(name)
        if isinstance(text, str) and text.strip():
            clean[name] = " ".join(text.split())[:limit]
    return clean or None


def get_provider() -> ScriptedProvider:
    """The model when all three settings are present, else the scripted provider."""
    base, key, model = settings.AVA_LLM_BASE_URL, settings.AVA_LLM_API_KEY, settings.AVA_LLM_MODEL
    if base and key and model:
        return ChatCompletionsProvider(base_url=base, api_key=key, model=model)
    return ScriptedProvider()
