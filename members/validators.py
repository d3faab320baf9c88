"""Username and phone rules, shared by forms, the API and database constraints."""
import re
import zoneinfo

import phonenumbers
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator

# Letters, digits, "_" and "-"; starts with a letter or digit; 3-30 characters.
USERNAME_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_-]{2,29}$"
# Names that would shadow a site path or impersonate the team.
RESERVED_USERNAMES = (
    "about", "accounts", "admin", "allthrive", "api", "ava", "community", "creator", "discover",
    "help", "home", "login", "logout", "me", "media", "messages", "my", "notifications",
    "onboarding", "root", "settings", "signup", "static", "support", "staff", "system",
)
RESERVED_USERNAMES_PATTERN = r"^(" + "|".join(RESERVED_USERNAMES) + r")$"
E164_PATTERN = r"^\+[1-9][0-9]{6,14}$"

username_format_validator = RegexValidator(
    USERNAME_PATTERN,
    "Use 3–30 letters, numbers, underscores or hyphens, starting with a letter or number.",
    code="invalid_username",
)


def validate_username_not_reserved(value: str) -> None:
    if re.match(RESERVED_USERNAMES_PATTERN, value, flags=re.IGNORECASE):
        raise ValidationError("“%(value)s” is reserved. Please pick another username.",
                              code="reserved_username", params={"value": value})


def validate_e164_phone(value: str) -> None:
    """Accept only a valid, dialable number written in E.164 form (+14155550123)."""
    if not value:
        return
    if not re.match(E164_PATTERN, value):
        raise ValidationError("Enter the number in international format, e.g. +14155550123.",
                              code="invalid_phone")
    try:
        parsed = phonenumbers.parse(value, None)
    except phonenumbers.NumberParseException as exc:
        raise ValidationError("That phone number could not be read.", code="invalid_phone") from exc
    if not phonenumbers.is_valid_number(parsed):
        raise ValidationError("That phone number is not valid.", code="invalid_phone")


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError("Unknown time zone “%(value)s”.", code="invalid_time_zone",
                              params={"value": value})
