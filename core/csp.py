"""Content-Security-Policy (django-csp): enforced on the site, report-only in the admin.

The policy (CONTENT_SECURITY_POLICY in config/settings/base.py) allows scripts only from this site
or with the request's nonce (`{{ request.csp_nonce }}`), never inline handlers or `javascript:` URLs;
so a stored-XSS payload that slips past sanitising still doesn't run. The Wagtail and Django admin
pages get the same policy as Content-Security-Policy-Report-Only: Wagtail's editors and their plugins
are not all nonce-aware yet, so the admin is watched rather than broken.
"""
from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CSPMiddleware

REPORT_ONLY_PREFIXES = ("/admin/", "/django-admin/")


class SiteCSPMiddleware(CSPMiddleware):
    def process_response(self, request, response):
        response = super().process_response(request, response)
        if request.path_info.startswith(REPORT_ONLY_PREFIXES) and HEADER in response:
            response[HEADER_REPORT_ONLY] = response[HEADER]
            del response[HEADER]
        return response
