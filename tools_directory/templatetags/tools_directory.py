"""Template helpers for the tools directory. Load with ``{% load tools_directory %}``."""
from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def section_page_url(context, page_obj, number, anchor=""):
    """``{% section_page_url offers_page 2 "offers" %}``: this URL with only the section's page param changed.

    A tool page paginates several lists at once, each with its own parameter (offers_page, asks_page…),
    so the shared pagination component's fixed ``page`` parameter doesn't fit.
    """
    query = context["request"].GET.copy()
    if int(number) <= 1:
        query.pop(page_obj.page_param, None)
    else:
        query[page_obj.page_param] = number
    encoded = query.urlencode()
    # Page 1 of the last paginated section leaves no query at all: link to the bare path.
    url = f"?{encoded}" if encoded else context["request"].path
    return url + (f"#{anchor}" if anchor else "")
