"""Member pages of moderation and privacy: reporting, my reports, /settings/privacy/ (blocks, mutes, profile
field visibility, trust level, data export, account deletion)."""
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from core.errors import ApplicationError, NotFound
from members import safety, trust
from members import services as member_services
from members.choices import LimitedAction
from members.models import User

from . import privacy, registry, selectors, services
from .forms import DeleteAccountForm, FieldVisibilityForm, ReportForm


def _target_or_404(request, key: str, pk: int):
    try:
        model = registry.model_for(key)
    except NotFound as error:
        raise Http404(error.message) from error
    target = model._default_manager.filter(pk=pk).first()
    if target is None or not registry.reporter_can_see(request.user, target):
        raise Http404("Nothing to report here.")
    return target


@login_required
def report(request, key: str, pk: int):
    target = _target_or_404(request, key, pk)
    form = ReportForm(request.POST or None)
    if request.method == "POST":
        created = form.submit(lambda data: services.report_create(reporter=request.user, key=key, object_id=pk, **data))
        if created is not None:
            messages.success(request, "Thanks for telling us. A curator will review it, and you'll hear the outcome.")
            return redirect("moderation:my_reports")
    return render(request, "moderation/report.html", {
        "form": form, "target_label": registry.label_of(target), "target_url": registry.url_of(target),
        "noun": registry.REPORTABLE[key],
    })


@login_required
def my_reports(request):
    return render(request, "moderation/my_reports.html", {"reports": selectors.reports_of(request.user)[:100]})


def _privacy_context(request, **forms) -> dict:
    member = request.user
    return {
        "member": member,
        "blocks": safety.blocks_of(member), "mutes": safety.mutes_of(member),
        "visibility_form": forms.get("visibility_form") or FieldVisibilityForm(member=member),
        "delete_form": forms.get("delete_form") or DeleteAccountForm(),
        "exports": privacy.DataExport.objects.filter(user=member)[:3],
        "trust_level": trust.TrustLevel(trust.trust_level(member)),
        "next_level": trust.next_level(member),
        "limits": [(LimitedAction(action).label, limit) for action, limit in trust.limits_for(member).items()],
        "grace_days": settings.ACCOUNT_DELETION_GRACE_DAYS, "now": timezone.now(),
    }


@login_required
def privacy_settings(request):
    member = request.user
    action = request.POST.get("action") if request.method == "POST" else None
    forms = {}
    if action == "visibility":
        form = forms["visibility_form"] = FieldVisibilityForm(request.POST, member=member)
        if form.submit(lambda data: member_services.field_visibility_update(member=member, **data) or True):
            messages.success(request, "Saved. Your profile shows these fields as you chose.")
            return redirect("moderation:privacy")
    elif action == "export":
        privacy.export_request(user=member)
        messages.success(request, "We're preparing your data. The download link appears here and in your email.")
        return redirect("moderation:privacy")
    elif action == "delete":
        form = forms["delete_form"] = DeleteAccountForm(request.POST)
        due = form.submit(lambda data: privacy.deletion_request(user=member, **data))
        if due is not None:
            logout(request)
            messages.info(request, f"Your account will be deleted on {due:%B %-d, %Y}. "
                                   "Changed your mind? Just sign in before then.")
            return redirect("account_login")
    return render(request, "moderation/privacy.html", _privacy_context(request, **forms))


@login_required
@require_POST
def member_relation(request):
    """Block, unblock, mute or unmute a member (POST username + action), then go back."""
    member = User.objects.filter(username__iexact=request.POST.get("username", ""), is_active=True).first()
    if member is None:
        raise Http404("No such member")
    action = request.POST.get("action")
    calls = {
        "block": (lambda: member_services.block_create(blocker=request.user, blocked=member),
                  f"You blocked @{member.username}. You won't see each other, and they can't reach you."),
        "unblock": (lambda: member_services.block_delete(blocker=request.user, blocked=member),
                    f"You unblocked @{member.username}."),
        "mute": (lambda: member_services.mute_create(muter=request.user, muted=member),
                 f"You muted @{member.username}. Their posts won't show for you; they aren't told."),
        "unmute": (lambda: member_services.mute_delete(muter=request.user, muted=member),
                   f"You unmuted @{member.username}."),
    }
    if action not in calls:
        raise Http404("Unknown action")
    call, text = calls[action]
    try:
        call()
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, text)
    next_url = request.POST.get("next", "")
    if action in ("block", "mute") or not url_has_allowed_host_and_scheme(next_url, {request.get_host()}):
        return redirect("moderation:privacy")  # their page is gone for you now
    return redirect(next_url)


@login_required
def export_download(request, pk: int):
    try:
        export = privacy.export_for_download(user=request.user, pk=pk)
    except NotFound as error:
        raise Http404(error.message) from error
    return FileResponse(export.file.open("rb"), as_attachment=True,
                        filename=f"allthrive-{request.user.username}-{export.created_at:%Y%m%d}.zip")
