"""How API clients authenticate: allauth's headless session token, or the site's own session cookie."""
from allauth.headless.contrib.rest_framework.authentication import XSessionTokenAuthentication
from rest_framework.exceptions import AuthenticationFailed

from members.safety import is_suspended


class SessionTokenAuthentication(XSessionTokenAuthentication):
    """`X-Session-Token: <token>` from allauth headless (`/_allauth/app/v1/auth/login` or `.../signup`).

    Listed first so that an unauthenticated request gets 401 (with this scheme in WWW-Authenticate)
    rather than DRF's 403 for session-only APIs.
    """

    def authenticate_header(self, request) -> str:
        return 'X-Session-Token realm="api"'

    def authenticate(self, request):
        result = super().authenticate(request)
        if result is not None and is_suspended(result[0]):
            raise AuthenticationFailed("This account is suspended.", code="suspended")
        return result
