"""One error model for the pages: a service or selector's `NotFound` is the site's 404 page.

The API maps every `ApplicationError` in api.exceptions; pages show the other refusals as form errors
(core.forms) and let `NotFound` travel up to here, so no view writes its own try/except for it.
"""
from django.http import Http404

from .errors import NotFound


class NotFoundMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, NotFound):
            # Raised here, Http404 goes through Django's handler (handler404, DEBUG page) like any other.
            raise Http404(exception.message) from exception
        return None
