"""Typo tolerance for queries: a word within a letter or two of a tool, tag or category name becomes that name.

The vocabulary is small (curated tools, tags and categories), so this runs in Python the same on SQLite and
PostgreSQL, with the Damerau–Levenshtein distance (a swapped pair of letters counts once: "notoin").
"""
import re

from django.core.cache import cache

from collective.models import Taxonomy

VOCABULARY_KEY = "matching:typo-vocabulary"
VOCABULARY_TTL = 300
MIN_WORD = 4


def _distance(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance, giving up (limit + 1) once it can't be within `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2, previous = None, list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def vocabulary() -> frozenset[str]:
    words = cache.get(VOCABULARY_KEY)
    if words is None:
        names = Taxonomy.objects.filter(is_active=True).values_list("name", flat=True)
        words = {w for name in names for w in re.findall(r"[a-z0-9]+", name.lower()) if len(w) >= MIN_WORD}
        cache.set(VOCABULARY_KEY, words, VOCABULARY_TTL)
    return frozenset(words)


def corrections(query: str) -> dict[str, str]:
    """{typed word: vocabulary word it probably meant}, for words that aren't vocabulary words already."""
    known = vocabulary()
    found = {}
    for word in re.findall(r"[a-z0-9]+", (query or "").lower()):
        if len(word) < MIN_WORD or word in known:
            continue
        limit = 1 if len(word) < 8 else 2
        best = min(((_distance(word, name, limit), name) for name in known), default=(limit + 1, ""))
        if best[0] <= limit:
            found[word] = best[1]
    return found


def with_corrections(query: str) -> str:
    """The query with misspelt names replaced, so both rankings see the word the member meant."""
    fixed = corrections(query)
    if not fixed:
        return query
    return re.sub(r"[A-Za-z0-9]+", lambda m: fixed.get(m.group(0).lower(), m.group(0)), query)
