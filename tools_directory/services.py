"""Writes of the tools directory: keeping each tool's Taxonomy row in sync, and loading the YAML fixture."""
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils.html import escape

from collective.choices import TaxonomyType
from collective.models import Taxonomy
from collective.services import OFFER_CATEGORIES, offer_categories_seed
from core.errors import ApplicationError
from core.pages import parent_page_for

from .choices import ToolPricing, ToolStatus
from .models import LOGO_SPEC, TOOL_NAME_MAX_LENGTH, TOOL_SLUG_MAX_LENGTH, ToolPage, ToolsIndexPage

# --- Taxonomy sync -------------------------------------------------------------------------------


def _logo_url(page: ToolPage) -> str | None:
    if not page.logo_id:
        return None
    try:
        return page.logo.get_rendition(LOGO_SPEC).full_url
    except OSError:  # SourceImageIOError: the file is gone; the tool is still a tool.
        return None


def tool_taxonomy_values(page: ToolPage) -> dict:
    """What the tool's Taxonomy row should hold, given the page's current (live) content."""
    return {
        "taxonomy_type": TaxonomyType.TOOL,
        "name": page.title,
        "slug": page.slug,
        "description": page.plain_description or page.tagline,
        "website_url": page.website or None,
        "logo_url": _logo_url(page),
        "usage_tips": page.usage_tips_list,
        "best_for": page.best_for_list,
        "is_active": page.live and page.status == ToolStatus.ACTIVE,
    }


def tool_taxonomy_sync(*, page: ToolPage) -> Taxonomy:
    """Mirror the page onto its `tool` Taxonomy row, adopting a row with the same slug or creating one."""
    taxonomy = page.taxonomy if page.taxonomy_id else None
    if taxonomy is None:
        # The demo seed or an earlier, deleted page may have left a tool row with this slug: reuse it,
        # so offers and asks already linked to it follow the page.
        taxonomy = Taxonomy.objects.filter(
            taxonomy_type=TaxonomyType.TOOL, slug=page.slug, tool_page__isnull=True
        ).first() or Taxonomy()
    for name, value in tool_taxonomy_values(page).items():
        setattr(taxonomy, name, value)
    taxonomy.save()
    if page.taxonomy_id != taxonomy.pk:
        ToolPage.objects.filter(pk=page.pk).update(taxonomy=taxonomy)
        page.taxonomy = taxonomy
    return taxonomy


def tool_taxonomy_in_sync(page: ToolPage) -> bool:
    if page.taxonomy is None:
        return False
    return all(getattr(page.taxonomy, name) == value for name, value in tool_taxonomy_values(page).items())


def tool_taxonomy_deactivate(*, taxonomy_id: int | None) -> None:
    """A deleted tool leaves the pickers; offers and asks keep their link (and their history)."""
    if taxonomy_id:
        Taxonomy.objects.filter(pk=taxonomy_id).update(is_active=False)


# --- Fixture loading -----------------------------------------------------------------------------

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
FIELDS = ("name", "slug", "tagline", "website", "pricing", "categories", "best_for", "usage_tips", "description")
MAX_ERRORS_SHOWN = 20


@dataclass(frozen=True)
class ToolSpec:
    """One validated entry of the tools fixture."""

    name: str
    slug: str
    tagline: str
    website: str
    pricing: str
    categories: tuple[str, ...]
    best_for: tuple[str, ...]
    usage_tips: tuple[str, ...]
    description: str

    def description_data(self) -> list[dict]:
        paragraphs = [p.strip() for p in self.description.split("\n\n") if p.strip()]
        return [{"type": "paragraph", "value": f"<p>{escape(p)}</p>"} for p in paragraphs]


@dataclass
class LoadReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # edited or unpublished by a curator: left alone

    @property
    def skipped(self) -> list[str]:
        return self.unchanged + self.kept


def _string_list(value, *, max_length: int, required: bool) -> str | None:
    """An error message if `value` is not a list of non-empty strings, else None."""
    if not isinstance(value, list):
        return "must be a list of strings"
    if required and not value:
        return "must list at least one item"
    for n, item in enumerate(value, start=1):
        if not isinstance(item, str) or not item.strip():
            return f"item {n} must be a non-empty string"
        if len(item) > max_length:
            return f"item {n} is longer than {max_length} characters"
    return None


def _entry_errors(entry, known_categories: set[str]) -> dict[str, str]:
    if not isinstance(entry, dict):
        return {"entry": "must be a mapping of field: value"}
    errors = {}
    for key in entry:
        if key not in FIELDS:
            errors[str(key)] = f"unknown field (expected {', '.join(FIELDS)})"
    for name in FIELDS:
        if name not in entry or entry[name] is None:
            errors[name] = "is missing"
    for name, max_length in (("name", TOOL_NAME_MAX_LENGTH), ("tagline", 255), ("description", None)):
        value = entry.get(name)
        if name in errors:
            continue
        if not isinstance(value, str) or not value.strip():
            errors[name] = "must be a non-empty string"
        elif max_length and len(value) > max_length:
            errors[name] = f"is longer than {max_length} characters"
    slug = entry.get("slug")
    if "slug" not in errors and (not isinstance(slug, str) or not SLUG_RE.match(slug)):
        errors["slug"] = f"{slug!r} is not a slug (lowercase letters, digits and hyphens)"
    elif "slug" not in errors and len(slug) > TOOL_SLUG_MAX_LENGTH:
        errors["slug"] = f"is longer than {TOOL_SLUG_MAX_LENGTH} characters"
    website = entry.get("website")
    if "website" not in errors:
        try:
            URLValidator(schemes=["http", "https"])(website if isinstance(website, str) else "")
            if len(website) > 200:
                raise ValidationError("too long")
        except ValidationError:
            errors["website"] = f"{website!r} is not an http(s) URL of at most 200 characters"
    pricing = entry.get("pricing")
    if "pricing" not in errors and pricing not in ToolPricing.values:
        errors["pricing"] = f"{pricing!r} is not one of {', '.join(ToolPricing.values)}"
    categories = entry.get("categories")
    if "categories" not in errors:
        problem = _string_list(categories, max_length=120, required=True)
        unknown = [] if problem else [c for c in categories if c not in known_categories]
        if problem:
            errors["categories"] = problem
        elif unknown:
            errors["categories"] = f"unknown category {', '.join(map(repr, unknown))} " \
                                   f"(known: {', '.join(sorted(known_categories))})"
    for name, max_length, required in (("best_for", 200, True), ("usage_tips", 500, False)):
        if name not in errors and (problem := _string_list(entry.get(name), max_length=max_length, required=required)):
            errors[name] = problem
    return errors


def tools_fixture_validate(data) -> list[ToolSpec]:
    """Check the whole fixture before anything is written. Raises ApplicationError listing every problem,
    each naming the entry (position and name) and the field."""
    if not isinstance(data, dict) or not isinstance(data.get("tools"), list):
        raise ApplicationError("The file must have a top-level `tools:` list of tool entries.",
                               fields={"tools": "must be a list"})
    known_categories = {slug for slug, _, _ in OFFER_CATEGORIES} | set(
        Taxonomy.objects.filter(taxonomy_type=TaxonomyType.OFFER_CATEGORY).values_list("slug", flat=True)
    )
    # Taxonomy slugs are unique across types, so a tool can't take a category's or a topic's slug.
    taken_slugs = dict(Taxonomy.objects.exclude(taxonomy_type=TaxonomyType.TOOL).values_list("slug", "taxonomy_type"))
    problems: list[str] = []
    seen_slugs: dict[str, int] = {}
    seen_names: dict[str, int] = {}
    specs = []
    for position, entry in enumerate(data["tools"], start=1):
        label = f"entry {position}"
        if isinstance(entry, dict) and isinstance(entry.get("name"), str):
            label += f" ({entry['name']})"
        errors = _entry_errors(entry, known_categories)
        if isinstance(entry, dict) and "slug" not in errors:
            slug = entry["slug"]
            if slug in seen_slugs:
                errors["slug"] = f"{slug!r} is already used by entry {seen_slugs[slug]}"
            elif slug in taken_slugs:
                errors["slug"] = f"{slug!r} is already a {taken_slugs[slug]} taxonomy slug"
            seen_slugs.setdefault(slug, position)
        if isinstance(entry, dict) and "name" not in errors:
            key = entry["name"].strip().casefold()
            if key in seen_names:
                errors["name"] = f"{entry['name']!r} is already used by entry {seen_names[key]}"
            seen_names.setdefault(key, position)
        problems.extend(f"{label}: {name}: {message}" for name, message in errors.items())
        if not errors:
            specs.append(ToolSpec(
                name=entry["name"].strip(), slug=entry["slug"], tagline=entry["tagline"].strip(),
                website=entry["website"], pricing=entry["pricing"],
                categories=tuple(dict.fromkeys(entry["categories"])),
                best_for=tuple(s.strip() for s in entry["best_for"]),
                usage_tips=tuple(s.strip() for s in entry["usage_tips"]),
                description=entry["description"].strip(),
            ))
    if problems:
        shown = problems[:MAX_ERRORS_SHOWN]
        more = len(problems) - len(shown)
        raise ApplicationError(
            f"The tools fixture has {len(problems)} problem{'s' if len(problems) != 1 else ''}; nothing was loaded.\n"
            + "\n".join(f"  - {p}" for p in shown) + (f"\n  … and {more} more" if more else ""),
            fields={"tools": problems},
        )
    return specs


def tools_index_ensure() -> ToolsIndexPage:
    """The directory page under Discover (/discover/tools/), created and published if missing."""
    index_page = ToolsIndexPage.objects.first()
    if index_page is not None:
        return index_page
    discover = parent_page_for(ToolsIndexPage)
    if discover is None:
        raise ApplicationError("There is no Discover page to hold the directory: run `manage.py seed_pages` first.")
    index_page = ToolsIndexPage(title="AI tools directory", slug="tools", show_in_menus=False)
    discover.add_child(instance=index_page)
    index_page.save_revision().publish()
    return index_page


def _page_matches(page: ToolPage, spec: ToolSpec) -> bool:
    stored_description = [{"type": b["type"], "value": b["value"]} for b in page.description.raw_data]
    return (
        page.title == spec.name and page.draft_title == spec.name and page.tagline == spec.tagline
        and page.website == spec.website and page.pricing == spec.pricing
        and sorted(c.slug for c in page.categories.all()) == sorted(spec.categories)
        and page.best_for_list == list(spec.best_for) and page.usage_tips_list == list(spec.usage_tips)
        and stored_description == spec.description_data()
    )


def _apply(page: ToolPage, spec: ToolSpec, categories: dict[str, Taxonomy]) -> None:
    page.title = page.draft_title = spec.name
    page.slug = spec.slug
    page.tagline = spec.tagline
    page.website = spec.website
    page.pricing = spec.pricing
    page.categories = [categories[slug] for slug in spec.categories]
    page.best_for = [("use", text) for text in spec.best_for]
    page.usage_tips = [("tip", text) for text in spec.usage_tips]
    page.description = spec.description_data()


def _curator_owned(page: ToolPage) -> bool:
    """A curator edited (a revision with a user) or unpublished the page: the fixture no longer owns it."""
    return not page.live or (page.latest_revision is not None and page.latest_revision.user_id is not None)


def tools_load(*, specs: list[ToolSpec], overwrite: bool = False,
               on_progress: Callable[[int, int, str, str], None] | None = None) -> LoadReport:
    """Create or update one published ToolPage per spec, in one transaction; safe to run again.

    Pages a curator has edited or unpublished since are left alone unless `overwrite` is set.
    """
    report = LoadReport()
    with transaction.atomic():
        offer_categories_seed()
        index_page = tools_index_ensure()
        categories = {c.slug: c for c in Taxonomy.objects.filter(taxonomy_type=TaxonomyType.OFFER_CATEGORY)}
        existing = {
            page.slug: page for page in ToolPage.objects.child_of(index_page)
            .select_related("latest_revision", "taxonomy").prefetch_related("categories")
        }
        for position, spec in enumerate(specs, start=1):
            page = existing.get(spec.slug)
            if page is None:
                page = ToolPage()
                _apply(page, spec, categories)
                index_page.add_child(instance=page)
                page.save_revision().publish()
                outcome = "created"
            elif _curator_owned(page) and not overwrite:
                outcome = "kept"
            elif not _page_matches(page, spec) or not page.live or page.has_unpublished_changes:
                _apply(page, spec, categories)
                page.save_revision().publish()
                outcome = "updated"
            elif not tool_taxonomy_in_sync(page):
                tool_taxonomy_sync(page=page)
                outcome = "updated"
            else:
                outcome = "unchanged"
            getattr(report, outcome).append(spec.slug)
            if on_progress:
                on_progress(position, len(specs), spec.slug, outcome)
    return report
