"""Serializer building blocks every API module uses: strict JSON types, query parameters, safe URLs."""
import re
from urllib.parse import urlparse

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

MAX_INT = 2_147_483_647  # PostgreSQL integer columns
TEXT_MAX_LENGTH = 10_000
BODY_MAX_LENGTH = 50_000


class StrictCharField(serializers.CharField):
    """A CharField that refuses numbers instead of quietly turning them into text."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class QueryParamsSerializer(serializers.Serializer):
    """Validates a view's query parameters. DRF reads an empty `?name=` as "not given"; a client that sends
    the parameter means a value, so an empty one is refused (unless the field allows blanks)."""

    def validate(self, attrs):
        blank = {
            name: "Give a value or leave the parameter out."
            for name, field in self.fields.items()
            if self.initial_data.get(name) == "" and not getattr(field, "allow_blank", False)
        }
        if blank:
            raise serializers.ValidationError(blank)
        return attrs


class StrictIntegerField(serializers.IntegerField):
    """An IntegerField that refuses strings, floats and booleans in JSON bodies."""

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictBooleanField(serializers.BooleanField):
    def to_internal_value(self, data):
        if not isinstance(data, bool):
            self.fail("invalid", input=data)
        return data


@extend_schema_field({"type": "string", "description": "A URL, or empty when not set."})
class LinkField(serializers.CharField):
    """A stored URL on the way out: it may be empty, so it isn't documented as format "uri"."""


SLUG_PATTERN = re.compile(r"[-a-zA-Z0-9_]{1,120}")


class SlugLookupField(serializers.SlugRelatedField):
    """A SlugRelatedField that refuses malformed slugs (e.g. with NUL bytes) before asking the database."""

    def to_internal_value(self, data):
        if not isinstance(data, str) or not SLUG_PATTERN.fullmatch(data):
            self.fail("does_not_exist", slug_name=self.slug_field, value=str(data)[:120])
        return super().to_internal_value(data)


def absolute_url(serializer: serializers.Serializer, path: str) -> str:
    request = serializer.context.get("request")
    return request.build_absolute_uri(path) if request is not None else path


@extend_schema_field({"type": "string", "maxLength": 200, "anyOf": [{"format": "uri"}, {"maxLength": 0}],
                      "description": "An http(s) URL, or empty to clear it."})
class SafeURLField(serializers.URLField):
    """http(s) URLs only (no javascript: or data: links)."""

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        if value and urlparse(value).scheme not in ("http", "https"):
            self.fail("invalid")
        return value
