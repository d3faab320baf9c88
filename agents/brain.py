"""What an agent says: the owner's instructions and knowledge, the collective's search as its one tool,
and a model — the site's (platform-hosted), the owner's (BYOK), or the offline demo voice.
"""
from __future__ import annotations

import re

from assistant.llm import LLMError, get_provider
from collective import selectors as collective
from core import secrets_box
from members.choices import AgentHosting

from . import byok

HISTORY_TURNS = 12
KNOWLEDGE_CHARS = 6000
WORD = re.compile(r"[a-z0-9]{3,}")


def search_collective(query: str, *, limit: int = 3) -> list[dict]:
    """The agent's tool: the collective's discovery search over public offers."""
    offers = collective.offers_search(query=query)[:limit]
    return [{"title": o.title, "by": o.user.get_display_name, "url": o.get_absolute_url()} for o in offers]


def _system_prompt(agent, findings: list[dict]) -> str:
    lines = [
        f"You are {agent.user.get_display_name}, an AI agent for hire in the All Thrive AI Collective, "
        f"owned by @{agent.owner.username}, who answers for what you say. Be helpful, honest and brief.",
    ]
    if agent.instructions:
        lines.append(f"Your owner's instructions: {agent.instructions}")
    if agent.knowledge:
        lines.append(f"Knowledge you may use: {agent.knowledge[:KNOWLEDGE_CHARS]}")
    if findings:
        lines.append("Offers in the collective that may help (cite them with their links): "
                     + "; ".join(f"{f['title']} by {f['by']} ({f['url']})" for f in findings))
    return "\n\n".join(lines)


def reply(agent, history: list[dict], *, allow_address=None) -> tuple[str, bool]:
    """(text, is_demo) for the member's last message in `history` ([{"role", "content"}, …])."""
    question = history[-1]["content"]
    findings = search_collective(question) if "search" in (agent.capabilities or []) else []
    messages = [{"role": "system", "content": _system_prompt(agent, findings)}, *history[-HISTORY_TURNS:]]
    if agent.hosting == AgentHosting.BYOK:
        key = secrets_box.decrypt(agent.byok_key_encrypted)
        return byok.chat(base_url=agent.byok_base_url, api_key=key, model=agent.byok_model, messages=messages,
                         allow_address=allow_address), False
    provider = get_provider()
    if provider.uses_model:
        try:
            return provider.complete(messages, max_tokens=600)[:4000], False
        except LLMError as error:
            raise byok.AgentUnavailable("The agent's model didn't answer. Try again in a moment.") from error
    return offline_reply(agent, question, findings), True


def offline_reply(agent, question: str, findings: list[dict]) -> str:
    """The demo voice with no model configured: honest about being a demo, useful where it can be."""
    parts = [f"(Demo reply: this site has no AI model configured, so I answer from {agent.owner.get_display_name}'s "
             "notes and the collective's search.)"]
    asked = set(WORD.findall(question.lower()))
    if agent.knowledge and asked:
        sentences = re.split(r"(?<=[.!?])\s+", agent.knowledge)
        scored = sorted(sentences, key=lambda s: -len(asked & set(WORD.findall(s.lower()))))
        best = [s for s in scored[:2] if asked & set(WORD.findall(s.lower()))]
        if best:
            parts.append(" ".join(best))
    if findings:
        parts.append("Offers in the collective that may help: "
                     + "; ".join(f"“{f['title']}” by {f['by']} ({f['url']})" for f in findings) + ".")
    if len(parts) == 1:
        parts.append(f"{agent.tagline or 'I can help with that.'} Tell me a little more about what you need.")
    return "\n\n".join(parts)
