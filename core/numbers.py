"""Money and amounts are written with ASCII digits only.

Python's int() and Decimal() read any script's digits ("١٢٣" → 123), so without this a price could be
entered in digits the member reading it doesn't recognise. Forms use core.forms.AsciiDecimalField /
AsciiIntegerField; the API uses AsciiIntegerSerializerField (JSON numbers are ASCII already; this
catches numbers sent as strings).
"""
import re

from rest_framework import serializers

ASCII_NUMBER = re.compile(r"\s*[+-]?(?:\d+(?:\.\d*)?|\.\d+)\s*", re.ASCII)
ASCII_DIGITS_MESSAGE = "Use the digits 0–9 (and a decimal point)."


def is_ascii_number(value) -> bool:
    """False only for text that isn't a plain ASCII number (non-strings are left to the field)."""
    return not (isinstance(value, str) and value.strip() and not ASCII_NUMBER.fullmatch(value))


class AsciiIntegerSerializerField(serializers.IntegerField):
    def to_internal_value(self, data):
        if not is_ascii_number(data):
            raise serializers.ValidationError(ASCII_DIGITS_MESSAGE, code="invalid")
        return super().to_internal_value(data)
