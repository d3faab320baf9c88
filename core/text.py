"""Normalising text that names someone, so one member can't pass for another.

Display names are NFKC-normalised (full-width and styled letters become plain ones), lose invisible
and direction-changing characters (zero-width spaces and joiners, bidi embeddings, overrides and
isolates, other format and control characters), and have their whitespace collapsed.
"""
import unicodedata

# Explicit list for readability; every "Cf" (format) and "Cc" (control) character is removed as well.
BIDI_CONTROLS = frozenset("\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufeff\u180e")


def _visible(char: str) -> bool:
    if char in BIDI_CONTROLS or char in ZERO_WIDTH:
        return False
    return unicodedata.category(char) not in ("Cf", "Cc", "Co", "Cs", "Cn") or char in "\t\n"


def normalize_name(text: str) -> str:
    """NFKC, invisible and bidi characters removed, runs of whitespace made one space, trimmed."""
    text = unicodedata.normalize("NFKC", text or "")
    text = "".join(char for char in text if _visible(char))
    return " ".join(text.split())
