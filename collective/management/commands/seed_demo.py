"""`manage.py seed_demo`: load the demo community (members, offers, asks, follows, connections).

Local development and demos only: refused unless ``settings.DEMO_SEED_ALLOWED`` is true (the
production settings set it to False). The whole load runs in one transaction and is idempotent:

* members by username (the demo password is set only when a member is created);
* offers and asks by (owner, slug), where slug is given in the YAML or ``slugify(title)``;
* follows by (follower, following), created through ``members.services.follow_create``;
* connections by (initiator, responder, ask/offer/None, initial_message).

Rows that already match the YAML are not saved again, so a second run changes nothing.
"""

from __future__ import annotations

import datetime
import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from collective import search
from collective.choices import (
    AskStatus,
    AskType,
    ConnectionStatus,
    ConnectionType,
    OfferStatus,
    OfferType,
    PricingType,
    TaxonomyType,
)
from collective.models import RESERVED_OFFER_SLUGS, Ask, Connection, DirectMessageThread, Offer, Taxonomy
from core.errors import ApplicationError
from members.choices import Role, Tier
from members.models import Follow, User
from members.services import follow_create
from members.validators import USERNAME_PATTERN

DEMO_PASSWORD = "thrive-demo-2026"  # noqa: S105 - published demo password, local seed only
# "admin" itself is a reserved username (members.validators.RESERVED_USERNAMES, enforced by the
# `username_not_reserved` database constraint), so the demo superuser is "demo-admin". It can also
# sign in with its e-mail address, admin@example.com (ACCOUNT_LOGIN_METHODS includes email).
ADMIN_USERNAME = "demo-admin"
ADMIN_EMAIL = "admin@example.com"
ADMIN_PASSWORD = "admin"  # noqa: S105 - local demo superuser, created only by this command
CORE_TEAM = ("allierays", "sage")  # created by seed_core_team; may own offers/asks in the YAML

MEMBER_ROLES = (Role.MEMBER, Role.CREATOR, Role.CURATOR)
PAID_PRICING = (PricingType.ONE_TIME, PricingType.HOURLY, PricingType.MONTHLY)
MAX_DAYS_AGO = 3650


def default_fixture() -> Path:
    return Path(settings.BASE_DIR) / "fixtures" / "demo_community.yaml"


def tools_fixture() -> Path:
    return Path(settings.BASE_DIR) / "fixtures" / "tools.yaml"


# --------------------------------------------------------------------------------------------
# Reading and validating the YAML (no database access)
# --------------------------------------------------------------------------------------------


class Entry:
    """One mapping from the YAML with typed, error-reporting accessors."""

    def __init__(self, label: str, data: Any, allowed: set[str]):
        self.label = label
        if not isinstance(data, dict):
            raise CommandError(f"{label}: expected a mapping, got {type(data).__name__}.")
        unknown = sorted(str(k) for k in set(data) - allowed)
        if unknown:
            raise CommandError(
                f"{label}: unknown field(s) {', '.join(unknown)}; allowed: {', '.join(sorted(allowed))}."
            )
        self.data = data

    def fail(self, name: str, message: str):
        raise CommandError(f'{self.label}, field "{name}": {message}')

    def text(self, name: str, *, required: bool = False, default: str = "", max_length: int | None = None) -> str:
        value = self.data.get(name)
        if value is None or value == "":
            if required:
                self.fail(name, "is required.")
            return default
        if not isinstance(value, str):
            self.fail(name, f"expected text, got {type(value).__name__} ({value!r}); quote it in the YAML.")
        value = value.strip()
        if max_length is not None and len(value) > max_length:
            self.fail(name, f"is {len(value)} characters long; the maximum is {max_length}.")
        return value

    def choice(self, name: str, choices, *, default: str | None = None) -> str:
        values = [str(c) for c in choices]
        value = self.text(name, required=default is None, default=default or "")
        if value not in values:
            self.fail(name, f"{value!r} is not one of {', '.join(values)}.")
        return value

    def integer(
        self, name: str, *, minimum: int = 0, maximum: int | None = None, default: int | None = None
    ) -> int | None:
        value = self.data.get(name)
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(name, f"expected a whole number, got {value!r}.")
        if value < minimum or (maximum is not None and value > maximum):
            self.fail(name, f"{value} is out of range ({minimum}–{maximum if maximum is not None else '∞'}).")
        return value

    def boolean(self, name: str, *, default: bool | None = None) -> bool | None:
        value = self.data.get(name)
        if value is None:
            return default
        if not isinstance(value, bool):
            self.fail(name, f"expected true or false, got {value!r}.")
        return value

    def slugs(self, name: str) -> list[str]:
        value = self.data.get(name)
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            self.fail(name, "expected a list of slugs, e.g. [claude, zapier].")
        result = []
        for v in value:
            v = v.strip()
            if slugify(v) != v:
                self.fail(name, f"{v!r} is not a slug (lowercase letters, digits and hyphens).")
            if v not in result:
                result.append(v)
        return result


@dataclass
class MemberSpec:
    label: str
    username: str
    fields: dict


@dataclass
class OfferSpec:
    label: str
    owner: str
    slug: str
    fields: dict
    category: str
    tools: list[str]
    content: list | None
    days_ago: int | None


@dataclass
class AskSpec:
    label: str
    owner: str
    slug: str
    fields: dict
    category: str
    tools: list[str]
    days_ago: int | None


@dataclass
class ConnectionSpec:
    label: str
    connection_type: str
    initiator: str
    responder: str
    ask: tuple[str, str] | None
    offer: tuple[str, str] | None
    initial_message: str
    fields: dict
    days_ago: int | None


@dataclass
class DemoData:
    members: list[MemberSpec] = field(default_factory=list)
    offers: list[OfferSpec] = field(default_factory=list)
    asks: list[AskSpec] = field(default_factory=list)
    follows: list[tuple[str, str, str]] = field(default_factory=list)  # (label, follower, following)
    connections: list[ConnectionSpec] = field(default_factory=list)

    def tool_slugs(self) -> list[str]:
        return sorted({t for spec in [*self.offers, *self.asks] for t in spec.tools})

    def category_slugs(self) -> set[str]:
        return {spec.category for spec in [*self.offers, *self.asks]}

    def oldest_activity(self) -> dict[str, int]:
        """Per username, the largest days_ago of anything they created (to backdate date_joined)."""
        oldest: dict[str, int] = defaultdict(int)
        for spec in [*self.offers, *self.asks]:
            oldest[spec.owner] = max(oldest[spec.owner], spec.days_ago or 0)
        for conn in self.connections:
            oldest[conn.initiator] = max(oldest[conn.initiator], conn.days_ago or 0)
        return oldest


def _list_section(raw: dict, name: str) -> list:
    value = raw.get(name) or []
    if not isinstance(value, list):
        raise CommandError(f'Section "{name}": expected a list of entries.')
    return value


def _slug_for(entry: Entry, title: str) -> str:
    slug = entry.text("slug", max_length=220) or slugify(title)[:220].strip("-")
    if not slug or slugify(slug) != slug:
        entry.fail("slug", f"{slug!r} is not a valid slug; give one explicitly.")
    if slug in RESERVED_OFFER_SLUGS:
        entry.fail("slug", f"{slug!r} is reserved ({', '.join(sorted(RESERVED_OFFER_SLUGS))}).")
    return slug


def _ref(entry: Entry, name: str) -> tuple[str, str] | None:
    value = entry.text(name)
    if not value:
        return None
    owner, sep, slug = value.partition("/")
    if not sep or not owner or not slug:
        entry.fail(name, f'{value!r} should be "owner/slug".')
    return owner, slug


def parse_demo_data(raw: Any) -> DemoData:
    if not isinstance(raw, dict):
        raise CommandError("The demo fixture must be a mapping with members, offers, asks, follows and connections.")
    unknown = set(raw) - {"members", "offers", "asks", "follows", "connections"}
    if unknown:
        raise CommandError(f"Unknown top-level section(s): {', '.join(sorted(map(str, unknown)))}.")
    data = DemoData()

    # Members
    seen_usernames: set[str] = {u.lower() for u in CORE_TEAM} | {ADMIN_USERNAME}
    member_fields = {"username", "display_name", "email", "role", "tier", "time_zone", "tagline", "bio"}
    for i, item in enumerate(_list_section(raw, "members")):
        username = item.get("username") if isinstance(item, dict) else None
        entry = Entry(f"members[{i}] ({username or '?'})", item, member_fields)
        username = entry.text("username", required=True)
        if not re.match(USERNAME_PATTERN, username):
            entry.fail("username", f"{username!r} must match {USERNAME_PATTERN}.")
        if username.lower() in seen_usernames:
            entry.fail("username", f"{username!r} is listed twice or belongs to the core team/demo admin.")
        seen_usernames.add(username.lower())
        data.members.append(
            MemberSpec(
                entry.label,
                username,
                {
                    "display_name": entry.text("display_name", required=True, max_length=80),
                    "email": entry.text("email", required=True, max_length=254),
                    "role": entry.choice("role", MEMBER_ROLES, default=Role.MEMBER),
                    "tier": entry.choice("tier", Tier.values, default=Tier.SEEDLING),
                    "time_zone": entry.text("time_zone", default="UTC", max_length=64),
                    "tagline": entry.text("tagline", max_length=140),
                    "bio": entry.text("bio", max_length=500),
                },
            )
        )
    known_users = {m.username for m in data.members} | set(CORE_TEAM)

    def owner_of(entry: Entry, name: str = "owner") -> str:
        owner = entry.text(name, required=True)
        if owner not in known_users:
            entry.fail(name, f"unknown member {owner!r} (not in members: and not {' or '.join(CORE_TEAM)}).")
        return owner

    # Offers
    offer_fields = {
        "owner",
        "title",
        "slug",
        "offer_type",
        "category",
        "pricing_type",
        "price_cents",
        "is_paid",
        "status",
        "is_featured",
        "external_url",
        "tools",
        "days_ago",
        "description",
        "body",
        "content",
    }
    offer_keys: set[tuple[str, str]] = set()
    for i, item in enumerate(_list_section(raw, "offers")):
        title = item.get("title") if isinstance(item, dict) else None
        entry = Entry(f'offers[{i}] ("{title or "?"}")', item, offer_fields)
        owner = owner_of(entry)
        title = entry.text("title", required=True, max_length=200)
        slug = _slug_for(entry, title)
        if (owner, slug) in offer_keys:
            entry.fail("slug", f"@{owner} already has an offer with slug {slug!r} in this file.")
        offer_keys.add((owner, slug))
        pricing_type = entry.choice("pricing_type", PricingType.values, default=PricingType.FREE)
        price_cents = entry.integer("price_cents", default=0)
        is_paid = entry.boolean("is_paid", default=pricing_type != PricingType.FREE)
        if pricing_type == PricingType.FREE and (price_cents or is_paid):
            entry.fail("price_cents", "a free offer must have price_cents 0 and is_paid false.")
        if pricing_type in PAID_PRICING and not price_cents:
            entry.fail("price_cents", f"a {pricing_type} offer needs a price in cents.")
        content = item.get("content")
        if content is not None and not isinstance(content, list):
            entry.fail("content", 'expected a list of blocks like {type: rich_text, value: "<p>…</p>"}.')
        for j, block in enumerate(content or []):
            if not isinstance(block, dict) or set(block) - {"type", "value"} or "type" not in block:
                entry.fail(f"content[{j}]", "each block needs exactly `type` and `value`.")
        data.offers.append(
            OfferSpec(
                label=entry.label,
                owner=owner,
                slug=slug,
                fields={
                    "title": title,
                    "description": entry.text("description", required=True),
                    "offer_type": entry.choice("offer_type", OfferType.values),
                    "pricing_type": pricing_type,
                    "price_cents": price_cents,
                    "is_paid": is_paid,
                    "status": entry.choice("status", OfferStatus.values, default=OfferStatus.ACTIVE),
                    "is_featured": entry.boolean("is_featured", default=False),
                    "external_url": entry.text("external_url", max_length=200),
                    "body": entry.text("body"),
                },
                category=entry.text("category", required=True),
                tools=entry.slugs("tools"),
                content=content,
                days_ago=entry.integer("days_ago", maximum=MAX_DAYS_AGO),
            )
        )

    # Asks
    ask_fields = {
        "owner",
        "title",
        "slug",
        "ask_type",
        "category",
        "status",
        "is_paid_opportunity",
        "budget_min_cents",
        "budget_max_cents",
        "tools",
        "days_ago",
        "description",
    }
    ask_keys: set[tuple[str, str]] = set()
    for i, item in enumerate(_list_section(raw, "asks")):
        title = item.get("title") if isinstance(item, dict) else None
        entry = Entry(f'asks[{i}] ("{title or "?"}")', item, ask_fields)
        owner = owner_of(entry)
        title = entry.text("title", required=True, max_length=200)
        slug = _slug_for(entry, title)
        if (owner, slug) in ask_keys:
            entry.fail("slug", f"@{owner} already has an ask with slug {slug!r} in this file.")
        ask_keys.add((owner, slug))
        low, high = entry.integer("budget_min_cents"), entry.integer("budget_max_cents")
        if low is not None and high is not None and low > high:
            entry.fail("budget_min_cents", f"{low} is more than budget_max_cents ({high}).")
        data.asks.append(
            AskSpec(
                label=entry.label,
                owner=owner,
                slug=slug,
                fields={
                    "title": title,
                    "description": entry.text("description", required=True),
                    "ask_type": entry.choice("ask_type", AskType.values),
                    "status": entry.choice("status", AskStatus.values, default=AskStatus.OPEN),
                    "is_paid_opportunity": entry.boolean(
                        "is_paid_opportunity", default=low is not None or high is not None
                    ),
                    "budget_min_cents": low,
                    "budget_max_cents": high,
                },
                category=entry.text("category", required=True),
                tools=entry.slugs("tools"),
                days_ago=entry.integer("days_ago", maximum=MAX_DAYS_AGO),
            )
        )

    # Follows
    follows = raw.get("follows") or {}
    if not isinstance(follows, dict):
        raise CommandError('Section "follows": expected a mapping of follower: [usernames they follow].')
    for follower, targets in follows.items():
        label = f"follows.{follower}"
        if follower not in known_users:
            raise CommandError(f"{label}: unknown member {follower!r}.")
        if not isinstance(targets, list):
            raise CommandError(f"{label}: expected a list of usernames.")
        for target in targets:
            if target not in known_users:
                raise CommandError(f"{label}: unknown member {target!r}.")
            if target == follower:
                raise CommandError(f"{label}: a member can't follow themselves.")
            if (follower, target) in {(f, t) for _, f, t in data.follows}:
                raise CommandError(f"{label}: {target!r} is listed twice.")
            data.follows.append((label, follower, target))

    # Connections
    conn_fields = {
        "connection_type",
        "initiator",
        "responder",
        "ask",
        "offer",
        "status",
        "initial_message",
        "agreed_price_cents",
        "initiator_rating",
        "responder_rating",
        "initiator_feedback",
        "responder_feedback",
        "days_ago",
    }
    conn_keys: set[tuple] = set()
    for i, item in enumerate(_list_section(raw, "connections")):
        entry = Entry(f"connections[{i}]", item, conn_fields)
        connection_type = entry.choice("connection_type", ConnectionType.values)
        initiator = owner_of(entry, "initiator")
        ask_ref, offer_ref = _ref(entry, "ask"), _ref(entry, "offer")
        if connection_type == ConnectionType.ASK_RESPONSE:
            if not ask_ref or offer_ref:
                entry.fail("ask", "an ask_response needs `ask: owner/slug` and no offer.")
            if ask_ref not in ask_keys:
                entry.fail("ask", f"no ask {'/'.join(ask_ref)} in this file.")
            responder = ask_ref[0]
        elif connection_type == ConnectionType.OFFER_INQUIRY:
            if not offer_ref or ask_ref:
                entry.fail("offer", "an offer_inquiry needs `offer: owner/slug` and no ask.")
            if offer_ref not in offer_keys:
                entry.fail("offer", f"no offer {'/'.join(offer_ref)} in this file.")
            responder = offer_ref[0]
        else:
            if ask_ref or offer_ref:
                entry.fail("connection_type", "a direct connection has no ask or offer.")
            responder = owner_of(entry, "responder")
        given_responder = entry.text("responder")
        if given_responder and given_responder != responder:
            entry.fail("responder", f"must be {responder!r}, the owner of the ask/offer.")
        if initiator == responder:
            entry.fail("initiator", "a member can't connect with themselves.")
        message = entry.text("initial_message", required=True)
        status = entry.choice("status", ConnectionStatus.values, default=ConnectionStatus.INITIATED)
        key = (initiator, responder, ask_ref, offer_ref, message)
        if key in conn_keys:
            entry.fail("initial_message", "the same connection (people, ask/offer and message) is listed twice.")
        conn_keys.add(key)
        data.connections.append(
            ConnectionSpec(
                label=entry.label,
                connection_type=connection_type,
                initiator=initiator,
                responder=responder,
                ask=ask_ref,
                offer=offer_ref,
                initial_message=message,
                fields={
                    "status": status,
                    "agreed_price_cents": entry.integer("agreed_price_cents"),
                    "initiator_rating": entry.integer("initiator_rating", minimum=1, maximum=5),
                    "responder_rating": entry.integer("responder_rating", minimum=1, maximum=5),
                    "initiator_feedback": entry.text("initiator_feedback"),
                    "responder_feedback": entry.text("responder_feedback"),
                },
                days_ago=entry.integer("days_ago", maximum=MAX_DAYS_AGO),
            )
        )
    return data


# --------------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------------


def _error_text(exc: ValidationError) -> str:
    if hasattr(exc, "as_json_data"):  # Wagtail block validation errors
        return json.dumps(exc.as_json_data(), ensure_ascii=False)
    if hasattr(exc, "error_dict"):
        return "; ".join(
            " ".join(msgs) if name == NON_FIELD_ERRORS else f"{name}: {' '.join(msgs)}"
            for name, msgs in exc.message_dict.items()
        )
    return " ".join(exc.messages)


def _comparable_stream(stream_value) -> list:
    """A StreamValue as plain data without the generated block `id`s, parsed through the blocks (so data
    stored in an outdated or broken shape compares unequal to the same content stored correctly)."""
    return _strip_block_ids(
        [{"type": child.block_type, "value": child.block.get_prep_value(child.value)} for child in stream_value]
    )


def _strip_block_ids(value):
    """Stream/list block data without the generated `id`s."""
    if isinstance(value, list):
        return [_strip_block_ids(v) for v in value]
    if isinstance(value, dict):
        keys = set(value)
        if keys == {"type", "value", "id"}:
            return {"type": value["type"], "value": _strip_block_ids(value["value"])}
        return {k: _strip_block_ids(v) for k, v in value.items()}
    return value


@dataclass
class Tally:
    created: int = 0
    existing: int = 0
    updated: int = 0

    def line(self, name: str) -> str:
        extra = f" ({self.updated} updated)" if self.updated else ""
        return f"  {name:<12} {self.created} created, {self.existing} existing{extra}"


class Command(BaseCommand):
    help = (
        "Load the demo community from fixtures/demo_community.yaml (idempotent; local/demo only), "
        "plus a demo superuser."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--file", default=None, help="Path to the demo YAML (default: fixtures/demo_community.yaml)."
        )

    def handle(self, *args, **options):
        if not getattr(settings, "DEMO_SEED_ALLOWED", False):
            raise CommandError(
                "seed_demo is disabled: settings.DEMO_SEED_ALLOWED is false. "
                "It creates demo accounts with known passwords and must never run in production."
            )
        path = Path(options["file"]) if options["file"] else default_fixture()
        try:
            with path.open(encoding="utf-8") as fh:
                raw = yaml.safe_load(fh)
        except OSError as exc:
            raise CommandError(f"Can't read {path}: {exc.strerror or exc}") from exc
        except yaml.YAMLError as exc:
            raise CommandError(f"{path} is not valid YAML: {exc}") from exc
        data = parse_demo_data(raw)

        self.now = timezone.now()
        self.tallies = {name: Tally() for name in ("members", "offers", "asks", "follows", "connections", "tools")}
        self._password_hash = None
        self._reindex: list = []
        with transaction.atomic():
            call_command("seed_offer_categories", stdout=self.stdout, stderr=self.stderr)
            call_command("seed_core_team", stdout=self.stdout, stderr=self.stderr)
            admin_created = self._seed_admin()
            categories = self._categories(data)
            tools = self._tools(data)
            users = self._seed_members(data)
            offers = self._seed_offers(data, users, categories, tools)
            asks = self._seed_asks(data, users, categories, tools)
            self._seed_follows(data, users)
            self._seed_connections(data, users, offers, asks)
            for obj in self._reindex:  # after tools are set and dates backdated
                search.refresh(type(obj), [obj.pk])

        self.stdout.write(self.style.SUCCESS(f"Demo community loaded from {path.name}:"))
        for name in ("members", "offers", "asks", "follows", "connections", "tools"):
            self.stdout.write(self.tallies[name].line(name + ":"))
        self.stdout.write(
            f"  Demo members sign in with password “{DEMO_PASSWORD}”. Superuser @{ADMIN_USERNAME} "
            f"({ADMIN_EMAIL}) "
            + (
                f"created with password “{ADMIN_PASSWORD}”."
                if admin_created
                else "already existed; its password was left unchanged."
            )
        )

    # -- helpers -----------------------------------------------------------------------------

    def _ago(self, days: int | None) -> datetime.datetime | None:
        return None if days is None else self.now - datetime.timedelta(days=days)

    def _demo_password_hash(self) -> str:
        # One hash for all demo members: they share a published password anyway, and hashing it
        # 36 times with the production hasher would take most of the command's time.
        if self._password_hash is None:
            self._password_hash = make_password(DEMO_PASSWORD)
        return self._password_hash

    def _full_clean(self, obj, label: str, **kwargs) -> None:
        try:
            obj.full_clean(**kwargs)
        except ValidationError as exc:
            raise CommandError(f"{label}: {_error_text(exc)}") from exc

    # -- admin, categories, tools ------------------------------------------------------------

    def _seed_admin(self) -> bool:
        admin = User.objects.filter(username__iexact=ADMIN_USERNAME).first()
        created = admin is None
        if created:
            admin = User(username=ADMIN_USERNAME, display_name="Demo Admin", onboarding_completed_at=self.now)
            admin.set_password(ADMIN_PASSWORD)
        wanted = {
            "email": ADMIN_EMAIL,
            "is_staff": True,
            "is_superuser": True,
            "is_active": True,
            "role": Role.CURATOR,
            "tier": Tier.CURATION,
        }
        if created or any(getattr(admin, k) != v for k, v in wanted.items()):
            for k, v in wanted.items():
                setattr(admin, k, v)
            self._full_clean(admin, "demo superuser", exclude=["password"])
            admin.save()
        return created

    def _categories(self, data: DemoData) -> dict[str, Taxonomy]:
        categories = {t.slug: t for t in Taxonomy.objects.filter(taxonomy_type=TaxonomyType.OFFER_CATEGORY)}
        for spec in [*data.offers, *data.asks]:
            if spec.category not in categories:
                raise CommandError(
                    f'{spec.label}, field "category": unknown offer category {spec.category!r}; '
                    f"use one of {', '.join(sorted(categories))}."
                )
        return categories

    def _tools(self, data: DemoData) -> dict[str, Taxonomy]:
        slugs = data.tool_slugs()
        found = {t.slug: t for t in Taxonomy.objects.filter(slug__in=slugs)}
        directory = self._tools_directory() if set(slugs) - set(found) else {}
        tools = {}
        for slug in slugs:
            tool = found.get(slug)
            if tool is not None and tool.taxonomy_type != TaxonomyType.TOOL:
                raise CommandError(
                    f"Tool slug {slug!r} is already used by a {tool.get_taxonomy_type_display()} "
                    f"taxonomy term ({tool.name!r})."
                )
            if tool is None:
                info = directory.get(slug, {})
                website = info.get("website") if isinstance(info.get("website"), str) else None
                tool = Taxonomy(
                    taxonomy_type=TaxonomyType.TOOL,
                    slug=slug,
                    is_active=True,
                    name=str(info.get("name") or slug.replace("-", " ").title())[:100],
                    website_url=website or None,
                )
                self._full_clean(tool, f"tool {slug!r}")
                tool.save()
                self.tallies["tools"].created += 1
            else:
                self.tallies["tools"].existing += 1
            tools[slug] = tool
        return tools

    def _tools_directory(self) -> dict[str, dict]:
        """Names and websites from fixtures/tools.yaml, if it exists and parses (else {})."""
        try:
            raw = yaml.safe_load(tools_fixture().read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError):
            return {}
        items = raw.get("tools", []) if isinstance(raw, dict) else raw if isinstance(raw, list) else []
        return {t["slug"]: t for t in items if isinstance(t, dict) and isinstance(t.get("slug"), str)}

    # -- members -----------------------------------------------------------------------------

    def _seed_members(self, data: DemoData) -> dict[str, User]:
        users = {u.username: u for u in User.objects.filter(username__in=[*CORE_TEAM])}
        missing = set(CORE_TEAM) - set(users)
        if missing:
            raise CommandError(f"Core team member(s) missing after seed_core_team: {', '.join(sorted(missing))}.")
        oldest = data.oldest_activity()
        tally = self.tallies["members"]
        for spec in data.members:
            user = User.objects.filter(username__iexact=spec.username).first()
            created = user is None
            if created:
                joined = self._ago(oldest.get(spec.username, 0) + 14)
                user = User(
                    username=spec.username,
                    password=self._demo_password_hash(),
                    date_joined=joined,
                    onboarding_completed_at=joined,
                )
            changed = [k for k, v in spec.fields.items() if getattr(user, k) != v]
            if created or changed:
                for k, v in spec.fields.items():
                    setattr(user, k, v)
                self._full_clean(user, spec.label, exclude=["password"])
                user.save()
            if created:
                tally.created += 1
            else:
                tally.existing += 1
                tally.updated += bool(changed)
            users[spec.username] = user
        return users

    # -- offers and asks ---------------------------------------------------------------------

    def _content(self, spec: OfferSpec) -> tuple[list, list]:
        """The offer's StreamField content validated by the blocks: (data to store, data to compare)."""
        stream_block = Offer._meta.get_field("content").stream_block
        for j, block in enumerate(spec.content or []):
            if block["type"] not in stream_block.child_blocks:
                raise CommandError(
                    f'{spec.label}, field "content[{j}].type": unknown block {block["type"]!r}; '
                    f"use one of {', '.join(stream_block.child_blocks)}."
                )
        try:
            value = stream_block.to_python(spec.content or [])
            cleaned = stream_block.clean(value)
        except ValidationError as exc:
            raise CommandError(f'{spec.label}, field "content": {_error_text(exc)}') from exc
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise CommandError(f'{spec.label}, field "content": malformed block data ({exc!r}).') from exc
        # Store the blocks' own prepared form: list items need their ids to be read back as list items.
        return stream_block.get_prep_value(cleaned), _comparable_stream(cleaned)

    def _seed_offers(self, data, users, categories, tools) -> dict[tuple[str, str], Offer]:
        offers = {}
        tally = self.tallies["offers"]
        for spec in data.offers:
            user = users[spec.owner]
            content, comparable = self._content(spec)
            wanted = {**spec.fields, "category_id": categories[spec.category].pk}
            offer = Offer.objects.filter(user=user, slug=spec.slug).first()
            created = offer is None
            if created:
                offer = Offer(user=user, slug=spec.slug)
            changed = [k for k, v in wanted.items() if getattr(offer, k) != v]
            if not created and _comparable_stream(offer.content) != comparable:
                changed.append("content")
            if created or changed:
                for k, v in wanted.items():
                    setattr(offer, k, v)
                offer.content = content
                self._full_clean(offer, spec.label)
                offer.save()
            tool_ids = {tools[t].pk for t in spec.tools}
            if created or set(offer.tools.values_list("pk", flat=True)) != tool_ids:
                offer.tools.set(tool_ids)
                changed.append("tools")
            if created and spec.days_ago is not None:
                when = self._ago(spec.days_ago)
                published = when if offer.status in (OfferStatus.ACTIVE, OfferStatus.PAUSED) else None
                Offer.objects.filter(pk=offer.pk).update(created_at=when, updated_at=when, published_at=published)
                offer.created_at, offer.updated_at, offer.published_at = when, when, published
            if created or changed:
                self._reindex.append(offer)
            if created:
                tally.created += 1
            else:
                tally.existing += 1
                tally.updated += bool(changed)
            offers[(spec.owner, spec.slug)] = offer
        return offers

    def _seed_asks(self, data, users, categories, tools) -> dict[tuple[str, str], Ask]:
        asks = {}
        tally = self.tallies["asks"]
        for spec in data.asks:
            user = users[spec.owner]
            wanted = {**spec.fields, "category_id": categories[spec.category].pk}
            ask = Ask.objects.filter(user=user, slug=spec.slug).first()
            created = ask is None
            if created:
                ask = Ask(user=user, slug=spec.slug)
            changed = [k for k, v in wanted.items() if getattr(ask, k) != v]
            if created or changed:
                for k, v in wanted.items():
                    setattr(ask, k, v)
                self._full_clean(ask, spec.label)
                ask.save()
            tool_ids = {tools[t].pk for t in spec.tools}
            if created or set(ask.tools.values_list("pk", flat=True)) != tool_ids:
                ask.tools.set(tool_ids)
                changed.append("tools")
            if created and spec.days_ago is not None:
                when = self._ago(spec.days_ago)
                updates = {"created_at": when, "updated_at": when}
                if ask.status == AskStatus.FULFILLED:
                    updates["fulfilled_at"] = self._ago(spec.days_ago // 3)
                Ask.objects.filter(pk=ask.pk).update(**updates)
                for k, v in updates.items():
                    setattr(ask, k, v)
            if created or changed:
                self._reindex.append(ask)
            if created:
                tally.created += 1
            else:
                tally.existing += 1
                tally.updated += bool(changed)
            asks[(spec.owner, spec.slug)] = ask
        return asks

    # -- follows and connections -------------------------------------------------------------

    def _seed_follows(self, data, users) -> None:
        tally = self.tallies["follows"]
        pks = [u.pk for u in users.values()]
        existing = set(Follow.objects.filter(follower_id__in=pks).values_list("follower_id", "following_id"))
        for label, follower, following in data.follows:
            a, b = users[follower], users[following]
            if (a.pk, b.pk) in existing:
                tally.existing += 1
                continue
            try:
                _, created = follow_create(follower=a, following=b)
            except ApplicationError as exc:
                raise CommandError(f"{label} → {following}: {exc.message}") from exc
            if created:
                tally.created += 1
            else:
                tally.existing += 1

    def _seed_connections(self, data, users, offers, asks) -> None:
        tally = self.tallies["connections"]
        for spec in data.connections:
            initiator, responder = users[spec.initiator], users[spec.responder]
            ask = asks[spec.ask] if spec.ask else None
            offer = offers[spec.offer] if spec.offer else None
            conn = Connection.objects.filter(
                initiator=initiator, responder=responder, ask=ask, offer=offer, initial_message=spec.initial_message
            ).first()
            if conn is None:
                self._create_connection(spec, initiator, responder, ask, offer)
                tally.created += 1
                continue
            tally.existing += 1
            changed = [k for k, v in spec.fields.items() if getattr(conn, k) != v]
            if changed:
                for k, v in spec.fields.items():
                    setattr(conn, k, v)
                if conn.status == ConnectionStatus.COMPLETED and conn.completed_at is None:
                    conn.completed_at = self.now
                self._full_clean(conn, spec.label)
                conn.save()  # the post_save signal counts a new completion exactly once
                tally.updated += 1

    def _create_connection(self, spec: ConnectionSpec, initiator, responder, ask, offer) -> Connection:
        when = self._ago(spec.days_ago) or self.now
        completed = spec.fields["status"] == ConnectionStatus.COMPLETED
        conn = Connection(
            initiator=initiator,
            responder=responder,
            ask=ask,
            offer=offer,
            connection_type=spec.connection_type,
            initial_message=spec.initial_message,
            context_title=(ask or offer).title if (ask or offer) else "",
            completed_at=self._ago((spec.days_ago or 0) // 2) if completed else None,
            **spec.fields,
        )
        self._full_clean(conn, spec.label, exclude=["dm_thread"])
        thread = DirectMessageThread.objects.create()
        thread.participants.add(initiator, responder)
        conn.dm_thread = thread
        conn.save()  # signals: connection/response counts, and helped_count once if completed
        Connection.objects.filter(pk=conn.pk).update(created_at=when, updated_at=when)
        DirectMessageThread.objects.filter(pk=thread.pk).update(created_at=when, updated_at=when)
        thread.messages.update(created_at=when)  # the opening message, written by messaging's receiver
        return conn
