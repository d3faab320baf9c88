"""Form helpers shared by every app's page forms."""
from collections.abc import Callable
from typing import TypeVar

from django import forms

from .errors import ApplicationError
from .numbers import ASCII_DIGITS_MESSAGE, is_ascii_number

T = TypeVar("T")


def add_application_error(form: forms.BaseForm, error: ApplicationError, *, field_map: dict[str, str] | None = None) -> None:
    """Show a service's `ApplicationError` on the fields it names, or at the top of the form.

    `field_map` renames service field names to form field names (e.g. {"price_cents": "price"}).
    """
    field_map = field_map or {}
    placed = False
    for name, messages in error.fields.items():
        name = field_map.get(name, name)
        if name in form.fields:
            for message in messages:
                form.add_error(name, message)
            placed = True
    if not placed:
        form.add_error(None, error.message)


class ServiceFormMixin:
    """For forms whose data goes to a service: `form.submit(call)`, or `form.add_application_error(error)`."""

    service_field_map: dict[str, str] = {}

    def add_application_error(self, error: ApplicationError) -> None:
        add_application_error(self, error, field_map=self.service_field_map)

    def service_data(self) -> dict:
        """The service's keyword arguments; forms whose fields differ from them override this."""
        return dict(self.cleaned_data)

    def submit(self, call: Callable[[dict], T]) -> T | None:
        """`call(self.service_data())` if the form is bound and valid; a service refusal becomes form errors.

        Returns what the service returned, or None when nothing was saved (show the form again).
        """
        if not self.is_valid():
            return None
        try:
            return call(self.service_data())
        except ApplicationError as error:
            self.add_application_error(error)
            return None



def _require_ascii_number(value) -> None:
    if not is_ascii_number(value):
        raise forms.ValidationError(ASCII_DIGITS_MESSAGE, code="invalid")


class AsciiDecimalField(forms.DecimalField):
    """Money in forms: ASCII digits only (core.numbers)."""

    def to_python(self, value):
        _require_ascii_number(value)
        return super().to_python(value)


class AsciiIntegerField(forms.IntegerField):
    def to_python(self, value):
        _require_ascii_number(value)
        return super().to_python(value)
