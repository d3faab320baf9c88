"""OpenAPI schema customisation for /api/v1/: the error shape on every operation, and the session-token scheme."""
from drf_spectacular import openapi
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers
from rest_framework.permissions import AllowAny, IsAuthenticatedOrReadOnly

UNSAFE_METHODS = ("POST", "PUT", "PATCH", "DELETE")


class ErrorDetailSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Stable, machine-readable: invalid, not_authenticated, "
                                           "permission_denied, not_found, conflict, throttled, …")
    message = serializers.CharField(help_text="What went wrong, for people.")
    fields = serializers.DictField(child=serializers.ListField(child=serializers.CharField()),
                                   help_text="Messages per input field (dotted for nested input); empty when no "
                                             "field is at fault.")


class ErrorSerializer(serializers.Serializer):
    """Every error of the API has this shape."""

    error = ErrorDetailSerializer()


ERROR_DESCRIPTIONS = {
    "400": "Bad input: see `error.fields`.",
    "401": "Not signed in: send `X-Session-Token` (allauth headless) or a session cookie.",
    "402": "Not enough credits.",
    "403": "Signed in, but not allowed (e.g. not the owner, or the other side's move).",
    "404": "No such object (or one you may not see), or no such page of a list.",
    "409": "Conflicts with the current state (e.g. already connected, already rated).",
    "429": "Too many requests; retry after the `Retry-After` seconds.",
}


class AutoSchema(openapi.AutoSchema):
    """Adds the documented error responses (in the one error shape) to every operation.

    A view whose operations can answer with other errors lists them in `extra_error_statuses`,
    e.g. `extra_error_statuses = ["404"]` for a POST that names an object that may not exist.
    """

    def _requires_auth(self) -> bool:
        permissions = self.view.get_permissions()
        if any(isinstance(p, AllowAny) for p in permissions):
            return False
        if all(isinstance(p, IsAuthenticatedOrReadOnly) for p in permissions):
            return self.method in UNSAFE_METHODS
        return True

    def _has_query_parameters(self) -> bool:
        return any(p.get("in") == "query" for p in self._get_parameters())

    def error_statuses(self) -> list[str]:
        statuses = []
        unsafe = self.method in UNSAFE_METHODS
        if (unsafe and self.method != "DELETE") or self._has_query_parameters():
            statuses.append("400")
        if self._requires_auth():
            statuses.append("401")
        if unsafe:
            statuses.append("403")
        if "{" in self.path or self._is_list_view():
            statuses.append("404")
        if self.method in ("POST", "PATCH"):
            statuses.append("409")
        statuses.append("429")
        statuses += [str(code) for code in getattr(self.view, "extra_error_statuses", ()) if str(code) not in statuses]
        return statuses

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for code in self.error_statuses():
            if code not in responses:
                responses[code] = self._get_response_for_code(
                    OpenApiResponse(ErrorSerializer, description=ERROR_DESCRIPTIONS.get(code, "Error.")), code,
                    direction=direction)
        return responses


class SessionTokenScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.SessionTokenAuthentication"
    name = "sessionToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "X-Session-Token",
            "description": "The `meta.session_token` returned by allauth headless sign-up or log-in "
                           "(`POST /_allauth/app/v1/auth/signup` or `/_allauth/app/v1/auth/login`).",
        }
