"""The curators' moderation queue in the Wagtail admin (Moderation → Queue, Audit log).

The queue lists open reports grouped by what they are about; a target's page shows the content, every
report about it and its history, and takes the decision (hide, warn, suspend, dismiss) through
moderation.services, which logs it and tells the reporters.
"""
from django.contrib import messages
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from members import safety

from . import selectors, services
from .forms import DecisionForm
from .models import Report

PER_PAGE = 30


def _require_curator(request) -> None:
    if not getattr(request.user, "is_curator", False):
        raise DjangoPermissionDenied


def queue_view(request):
    _require_curator(request)
    page = Paginator(selectors.queue(), PER_PAGE).get_page(request.GET.get("p"))
    return TemplateResponse(request, "moderation/admin/queue.html", {"page": page})


def report_view(request, pk: int):
    _require_curator(request)
    report = get_object_or_404(Report.objects.select_related("owner", "content_type"), pk=pk)
    form = DecisionForm(request.POST or None)
    if request.method == "POST":
        if request.POST.get("decision") == "dismiss":
            done = form.submit(lambda data: services.report_dismiss(report=report, curator=request.user,
                                                                    note=data["note"]))
        elif request.POST.get("decision") == "unsuspend" and report.owner:
            done = form.submit(lambda data: services.member_unsuspend(curator=request.user, member=report.owner,
                                                                      note=data["note"]) or True)
        else:
            done = form.submit(lambda data: services.report_decide(report=report, curator=request.user, **data))
        if done:
            messages.success(request, "Done. The reporters are told the outcome.")
            return redirect("moderation_admin_queue")
    return TemplateResponse(request, "moderation/admin/report.html", {
        "report": report, "form": form, "reports": selectors.reports_about(report),
        "history": selectors.history_of(report)[:50], "hold": selectors.hold_of(report),
        "owner_suspended": report.owner is not None and safety.is_suspended(report.owner),
    })


def audit_view(request):
    _require_curator(request)
    page = Paginator(selectors.audit_log(), PER_PAGE).get_page(request.GET.get("p"))
    return TemplateResponse(request, "moderation/admin/audit.html", {"page": page})


@hooks.register("register_admin_urls")
def moderation_admin_urls():
    return [
        path("moderation/", queue_view, name="moderation_admin_queue"),
        path("moderation/reports/<int:pk>/", report_view, name="moderation_admin_report"),
        path("moderation/audit/", audit_view, name="moderation_admin_audit"),
    ]


class CuratorMenuItem(MenuItem):
    def is_shown(self, request):
        return getattr(request.user, "is_curator", False)


@hooks.register("register_admin_menu_item")
def moderation_menu():
    submenu = Menu(items=[
        CuratorMenuItem("Queue", reverse("moderation_admin_queue"), icon_name="warning", order=10),
        CuratorMenuItem("Audit log", reverse("moderation_admin_audit"), icon_name="list-ul", order=20),
    ])
    return SubmenuMenuItem("Moderation", submenu, icon_name="warning", order=250)
