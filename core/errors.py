"""The one error type of the domain.

Services raise `ApplicationError` for anything a user can fix or should be told about; the API's
exception handler and the page helpers turn it into a 400 (or the given status) with field messages.
"""
from django.core.exceptions import ValidationError


class ApplicationError(Exception):
    def __init__(self, message: str, *, fields: dict[str, list[str] | str] | None = None,
                 code: str = "invalid", status: int = 400) -> None:
        super().__init__(message)
        self.message = message
        self.fields = {k: v if isinstance(v, list) else [v] for k, v in (fields or {}).items()}
        self.code = code
        self.status = status


class NotFound(ApplicationError):
    """Something the user may not see or that doesn't exist: always a 404, never a 403."""

    def __init__(self, message: str = "Not found.") -> None:
        super().__init__(message, code="not_found", status=404)


class PermissionDenied(ApplicationError):
    def __init__(self, message: str = "You can't do that.") -> None:
        super().__init__(message, code="permission_denied", status=403)


def application_error_from(error: ValidationError) -> ApplicationError:
    """Turn a Django ValidationError (e.g. from `full_clean()`) into an ApplicationError with field messages."""
    if hasattr(error, "error_dict"):
        fields = {name: [str(m) for e in errors for m in e.messages] for name, errors in error.error_dict.items()}
        general = fields.pop("__all__", [])
        message = general[0] if general else "Please correct the highlighted fields."
        if general and not fields:
            return ApplicationError(message)
        if general:
            fields["non_field_errors"] = general
        return ApplicationError(message, fields=fields)
    return ApplicationError(error.messages[0] if error.messages else "Invalid input.")
