"""The one error type of the domain.

Services raise `ApplicationError` for anything a user can fix or should be told about; the API's
exception handler and the page helpers turn it into a 400 (or the given status) with field messages.
"""


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
