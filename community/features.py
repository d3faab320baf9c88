"""Feature flags for early access (the 500-point unlock): each flag is a field of the FeatureFlags
Wagtail setting with an audience — off, early access (500+ points and staff) or everyone.

    {% if request.user|feature:"challenge_preview" %} … {% endif %}   (community_tags)
    feature_enabled(request.user, "challenge_preview")                 (Python)
"""
from economy.selectors import has_early_access

from .models import Audience, FeatureFlags


def feature_enabled(user, name: str) -> bool:
    audience = getattr(FeatureFlags.load(), name)
    if audience == Audience.EVERYONE:
        return True
    if audience == Audience.OFF:
        return False
    return bool(user is not None and user.is_authenticated and (user.is_staff or has_early_access(user)))
