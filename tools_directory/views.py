"""What the directory's Wagtail pages (tools_directory/models.py) hand off to for their context.
Registered with core.pages; imported by ToolsDirectoryConfig.ready()."""
from django.core.paginator import Paginator

from core.pages import page_hand_off

from . import selectors
from .forms import ToolFilterForm
from .models import SECTION_PER_PAGE, TOOLS_PER_PAGE, ToolPage, ToolsIndexPage


@page_hand_off(ToolsIndexPage)
def directory_context(page: ToolsIndexPage, request) -> dict:
    form = ToolFilterForm(request.GET or None, categories=selectors.categories_with_tool_counts())
    filters = form.cleaned_filters()
    tools = selectors.tools_for_index(index_page=page, **filters)
    page_obj = Paginator(tools, TOOLS_PER_PAGE).get_page(request.GET.get("page"))
    return {
        "form": form,
        "filters": filters,
        "page_obj": page_obj,
        "tools": [tool.card(request) for tool in page_obj.object_list],
        "is_filtered": bool(filters["q"] or filters["category"] or filters["pricing"]),
        "tools_total": selectors.listed_tools(page).count(),
    }


@page_hand_off(ToolPage)
def tool_context(page: ToolPage, request) -> dict:
    context = {}
    sections = {
        "offers": (selectors.tool_offers(page), "offers_page"),
        "asks": (selectors.tool_asks(page), "asks_page"),
        "experts": (selectors.tool_experts(page), "experts_page"),
    }
    for name, (queryset, param) in sections.items():
        page_obj = Paginator(queryset, SECTION_PER_PAGE).get_page(request.GET.get(param))
        page_obj.page_param = param
        context[f"{name}_page"] = page_obj
    context["directory_url"] = page.get_parent().get_url(request)
    counts = {name: context[f"{name}_page"].paginator.count for name in sections}
    context["community_stats"] = [
        {"icon": "rocket", "count": counts["offers"], "href": "#offers",
         "label": "offer" if counts["offers"] == 1 else "offers"},
        {"icon": "hand-heart", "count": counts["asks"], "href": "#asks",
         "label": "open ask" if counts["asks"] == 1 else "open asks"},
        {"icon": "users", "count": counts["experts"], "href": "#experts",
         "label": "expert" if counts["experts"] == 1 else "experts"},
    ]
    return context
