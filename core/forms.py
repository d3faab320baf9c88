"""Form helpers shared by every app's page forms."""
from django import forms

from .errors import ApplicationError


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
    """For forms whose `save()` calls a service: `form.add_application_error(error)`."""

    service_field_map: dict[str, str] = {}

    def add_application_error(self, error: ApplicationError) -> None:
        add_application_error(self, error, field_map=self.service_field_map)
