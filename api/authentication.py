"""How API clients authenticate: allauth's headless session token, or the site's own session cookie."""
from allauth.headless.contrib.rest_framework.authentication import XSessionTokenAuthentication


class SessionTokenAuthentication(XSessionTokenAuthentication):
    """`X-Session-Token: <token>` from allauth headless (`/_allauth/app/v1/auth/login` or `.../signup`).

    Listed first so that an unauthenticated request gets 401 (with this scheme in WWW-Authenticate)
    rather than DRF's 403 for session-only APIs.
    """

    def authenticate_header(self, request) -> str:
        return 'X-Session-Token realm="api"'
