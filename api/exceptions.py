"""One JSON error shape for every error of the API:

    {"error": {"code": "invalid", "message": "Please correct the highlighted fields.",
               "fields": {"title": ["This field is required."]}}}

`code` is stable and machine-readable, `message` is written for people, `fields` maps input names
(dotted for nested input, e.g. "tags.1") to their messages and is empty when no field is at fault.
Domain errors (`core.errors.ApplicationError`), Django's ValidationError and IntegrityError from
services, Http404 and DRF's own exceptions all come out in this shape; so do unknown /api/v1/ URLs.
"""
import logging

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.http import Http404, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, status
from rest_framework.response import Response

from core.errors import ApplicationError, application_error_from

from .parsers import PayloadTooLarge

logger = logging.getLogger(__name__)

GENERIC_FIELDS_MESSAGE = "Please correct the highlighted fields."
MESSAGES = {
    "not_authenticated": "Sign in first: send your session token in the X-Session-Token header.",
    "authentication_failed": "That session token or session is not valid; sign in again.",
}


def error_body(code: str, message: str, fields: dict | None = None) -> dict:
    return {"error": {"code": code, "message": message, "fields": fields or {}}}


def _flatten(detail, prefix: str = "") -> dict[str, list[str]]:
    """DRF error details (nested dicts/lists) → {"field": [...], "tags.1": [...]}."""
    if isinstance(detail, dict):
        flat: dict[str, list[str]] = {}
        for key, value in detail.items():
            flat.update(_flatten(value, f"{prefix}.{key}" if prefix else str(key)))
        return flat
    if isinstance(detail, list):
        if all(not isinstance(item, dict | list) for item in detail):
            return {prefix or "non_field_errors": [str(item) for item in detail]} if detail else {}
        flat = {}
        for index, item in enumerate(detail):
            flat.update(_flatten(item, f"{prefix}.{index}" if prefix else str(index)))
        return flat
    return {prefix or "non_field_errors": [str(detail)]}


def _from_api_exception(exc: exceptions.APIException) -> tuple[str, str, dict]:
    if isinstance(exc, exceptions.ValidationError):
        fields = _flatten(exc.detail)
        general = fields.get("non_field_errors")
        message = general[0] if general and len(fields) == 1 else GENERIC_FIELDS_MESSAGE
        return "invalid", message, fields
    code = exc.default_code
    detail = exc.detail
    message = MESSAGES.get(code) or (str(detail) if not isinstance(detail, dict | list) else exc.default_detail)
    return code, str(message), {}


def exception_handler(exc, context) -> Response | None:
    headers = {}
    if isinstance(exc, RequestDataTooBig):
        exc = PayloadTooLarge()
    elif isinstance(exc, RecursionError):
        exc = exceptions.ParseError("The request is nested too deeply.")
    elif isinstance(exc, DjangoValidationError):
        exc = application_error_from(exc)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()

    if isinstance(exc, ApplicationError):
        code, message, fields, status_code = exc.code, exc.message, exc.fields, exc.status
    elif isinstance(exc, IntegrityError):
        # Services check their rules first; this is a race lost to a concurrent write.
        code, message, fields, status_code = "conflict", "This conflicts with a change made at the same time.", {}, 409
    elif isinstance(exc, exceptions.APIException):
        code, message, fields = _from_api_exception(exc)
        status_code = exc.status_code
        if getattr(exc, "auth_header", None):
            headers["WWW-Authenticate"] = exc.auth_header
        if getattr(exc, "wait", None) is not None:
            headers["Retry-After"] = str(int(exc.wait))
    else:
        # A bug: log it with its traceback, and still answer in the API's shape.
        view = context.get("view")
        logger.exception("Unhandled error in %s", type(view).__name__ if view else "API view", exc_info=exc)
        return Response(error_body("server_error", "Something went wrong on our side. Please try again."),
                        status=status.HTTP_500_INTERNAL_SERVER_ERROR)
    return Response(error_body(code, message, fields), status=status_code, headers=headers)


@csrf_exempt  # a 404 for any method; a CSRF failure page would hide it
def not_found_view(request, *args, **kwargs) -> JsonResponse:
    """Unknown /api/v1/ URLs answer in the API's error shape rather than with the site's HTML 404 page."""
    return JsonResponse(error_body("not_found", "There is no API endpoint at this address."), status=404)
