"""The 500 handler: the styled page, rendered so that it still works when the database is down.

Django's own handler already skips context processors; this one also survives a template that fails
to render (a broken include, a tag that needs something gone), falling back to plain HTML.
"""
import logging

from django.http import HttpResponseServerError
from django.template import loader

logger = logging.getLogger(__name__)

FALLBACK_500 = (
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" '
    'content="width=device-width, initial-scale=1"><title>Something went wrong · All Thrive AI Collective</title>'
    "</head><body style=\"font-family: system-ui, sans-serif; max-width: 36rem; margin: 4rem auto; padding: 0 1rem\">"
    '<p><a href="/">All Thrive AI Collective</a> · <a href="/discover/">Discover</a></p>'
    "<h1>Something went wrong on our side</h1><p>It's not you. Try again in a minute.</p></body></html>"
)


def server_error(request, template_name: str = "500.html"):
    try:
        # No request, so no context processors and no database: the header shows the visitor's nav.
        html = loader.get_template(template_name).render({})
    except Exception:  # the page that says "something broke" must not break too
        logger.exception("The 500 page failed to render; sent the plain fallback.")
        html = FALLBACK_500
    return HttpResponseServerError(html)
