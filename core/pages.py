"""Wagtail page-tree helpers shared by the rooms that hang their pages under the site's sections."""
from collections.abc import Callable

from wagtail.models import Page


def parent_page_for(page_model: type[Page]) -> Page | None:
    """The first existing page that may hold a `page_model` (its `parent_page_types`).

    The courses catalogue and the tools directory live under the Discover page, which the web edge
    (home) defines; Wagtail already names that parent as a string, so asking it keeps the rooms from
    importing the edge.
    """
    for model in page_model.allowed_parent_page_models():
        if model is not Page and (parent := model.objects.first()) is not None:
            return parent
    return None


# --- Page hand-offs ---------------------------------------------------------------------------------
# A Wagtail page model is its own view (get_context, serve, sub-routes), but models sit below the forms,
# selectors and services those need, so importing them from the model would loop. The app's view layer
# registers what each page hands off to (imported by the app's ready()); the model calls `hand_off`.

_hand_offs: dict[tuple[type, str], Callable] = {}


def page_hand_off(model: type[Page], name: str = "context") -> Callable[[Callable], Callable]:
    """Register the view-layer function `model` hands `name` to: `func(page, request, **kwargs)`."""
    def register(func: Callable) -> Callable:
        _hand_offs[(model, name)] = func
        return func
    return register


def hand_off(page: Page, name: str, request, **kwargs):
    return _hand_offs[(type(page), name)](page, request, **kwargs)
