"""The one slug helper: "my-app", then "my-app-2", "my-app-3"… among the rows that share a namespace."""
from django.db.models import QuerySet
from django.utils.text import slugify


def unique_slug(text: str, taken_in: QuerySet, *, max_length: int = 200, fallback: str = "untitled",
                reserved: frozenset[str] | set[str] = frozenset()) -> str:
    """A slug for `text` that no row of `taken_in` uses yet (one query).

    `taken_in` is the namespace: an owner's offers, a page's children, a member's paths… (exclude the row
    being renamed). A `reserved` base gets "-1" so it can't shadow a URL such as /@name/followers/.
    """
    base = slugify(text)[:max_length].strip("-") or fallback
    if base in reserved:
        base = f"{base}-1"
    taken = set(taken_in.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, n = base, 2
    while slug in taken:
        slug = f"{base}-{n}"
        n += 1
    return slug
