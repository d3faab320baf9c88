"""/discover/ and its offers, asks and people lists (/discover/tools/ and /discover/courses/ are Wagtail pages).

GET forms that work without JavaScript; with htmx a filter change swaps only
the results (`#discover-results`) and pushes the URL, so back/forward and shared links keep working."""
from django.core.paginator import Paginator
from django.shortcuts import render

from collective import selectors as collective
from collective.pagination import CachedCountPaginator
from economy.selectors import priority_placement_q
from matching import matches
from matching import selectors as matching

from . import selectors
from .forms import AskFilterForm, OfferFilterForm, PeopleFilterForm, SearchForm, min_rating

PER_PAGE = 12
RESULTS_ID = "discover-results"


def _is_results_request(request) -> bool:
    return bool(request.htmx) and request.htmx.target == RESULTS_ID


def _paid(value: str) -> bool | None:
    return {"paid": True, "free": False}.get(value)


def index(request):
    categories = list(collective.offer_categories())
    form = SearchForm(request.GET or None, categories=categories)
    values = form.values()
    searching = bool(values["q"] or values["category"])
    context = {
        "form": form, "values": values, "categories": categories, "searching": searching,
        "category": next((c for c in categories if c.slug == values["category"]), None),
        "sections": selectors.discover_sections(query=values["q"], category=values["category"],
                                                viewer=request.user, request=request),
        "for_you": [],
    }
    if request.user.is_authenticated and not searching:
        context["for_you"] = [match.obj for match in matches.asks_for_offers(request.user, limit=3)]
    template = "discover/partials/unified_results.html" if _is_results_request(request) else "discover/index.html"
    return render(request, template, context)


def _list_page(request, *, form, results, kind: str, title: str, lede: str):
    paginator = CachedCountPaginator if kind in ("offers", "asks") else Paginator
    page = paginator(results, PER_PAGE).get_page(request.GET.get("page"))
    context = {"form": form, "values": form.values(), "page_obj": page, "items": page.object_list, "kind": kind,
               "title": title, "lede": lede, "filtered": form.active_filters(), "results_id": RESULTS_ID}
    template = "discover/partials/list_results.html" if _is_results_request(request) else "discover/list.html"
    return render(request, template, context)


def offers(request):
    form = OfferFilterForm(request.GET or None, placeholder="Try “meeting notes bot” or “Claude prompts”")
    v = form.values()
    results = matching.offers_search(
        query=v["q"], category=v["category"] or None, tool=v["tool"] or None,
        offer_type=selectors.offer_types_for(v["type"]), is_paid=_paid(v["price"]), min_rating=min_rating(v["rating"]),
        ordering=v["sort"] or None, default_ordering="featured", viewer=request.user, prefer=priority_placement_q(),
    )
    return _list_page(request, form=form, results=results, kind="offers", title="Offers",
                      lede="Apps, templates, courses, services and help that members share.")


def asks(request):
    form = AskFilterForm(request.GET or None, placeholder="Try “beta testers” or “landing page feedback”")
    v = form.values()
    results = matching.asks_search(
        query=v["q"], viewer=request.user, category=v["category"] or None, tool=v["tool"] or None, ask_type=v["type"] or None,
        status=form.status_filter(), is_paid_opportunity=_paid(v["price"]), ordering=v["sort"] or None,
    )
    return _list_page(request, form=form, results=results, kind="asks", title="Asks",
                      lede="Where members need a hand. Your experience might be exactly what someone is missing.")


def people(request):
    form = PeopleFilterForm(request.GET or None, placeholder="Try a name, a skill or “marketing”")
    v = form.values()
    results = matching.people_search(
        query=v["q"], viewer=request.user, category=v["category"] or None, tool=v["tool"] or None,
        min_rating=min_rating(v["rating"]), ordering=v["sort"] or None,
    )
    return _list_page(request, form=form, results=results, kind="people", title="People",
                      lede="Builders, teachers and curious people. Follow the ones you learn from.")

