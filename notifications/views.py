"""Pages of the notification center and notification settings, and Twilio's inbound SMS webhook.

/notifications/                 the list (all / unread), mark read, mark all read
/notifications/<id>/open/       mark read and go where it points
/settings/notifications/        channels per event, phone number and its verification, SMS window, time zone
/webhooks/twilio/sms/           STOP / START / HELP replies, signed by Twilio (X-Twilio-Signature)
"""
import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseForbidden
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST
from twilio.request_validator import RequestValidator
from twilio.twiml.messaging_response import MessagingResponse

from core.errors import ApplicationError, NotFound

from . import selectors, services
from .delivery import twilio_configured
from .forms import CodeForm, PhoneForm, PreferencesForm, SmsSettingsForm

logger = logging.getLogger(__name__)
PAGE_SIZE = 20


def _safe_next(request, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return fallback


# --- Notification center ------------------------------------------------------------------------


@login_required
@require_GET
def notification_list(request):
    unread_only = request.GET.get("show") == "unread"
    page = Paginator(selectors.notifications_for(request.user, unread_only=unread_only), PAGE_SIZE).get_page(
        request.GET.get("page"))
    unread = selectors.attach_unread_notifications_count(request.user).unread_notifications_count
    for notification in page.object_list:
        notification.icon = selectors.EVENT_ICONS.get(notification.event, "bell")
    return render(request, "notifications/list.html", {
        "page_obj": page,
        "notifications": page.object_list,
        "unread_only": unread_only,
        "unread": unread,
        "tabs": [
            {"label": "All", "url": "?show=all", "active": not unread_only, "icon": "bell"},
            {"label": "Unread", "url": "?show=unread", "active": unread_only, "count": unread or None},
        ],
    })


@login_required
@require_GET
def notification_open(request, pk: int):
    try:
        notification = services.notification_open(user=request.user, pk=pk)
    except NotFound as error:
        raise Http404(error.message) from error
    url = notification.url
    # Stored links are site paths; anything else goes back to the list.
    return redirect(url if url.startswith("/") and not url.startswith("//") else "notifications:list")


@login_required
@require_POST
def notification_read(request, pk: int):
    services.notifications_mark_read(user=request.user, ids=[pk])
    if request.htmx:
        notification = selectors.notifications_for(request.user).filter(pk=pk).first()
        if notification is None:
            raise Http404("No such notification.")
        notification.icon = selectors.EVENT_ICONS.get(notification.event, "bell")
        return render(request, "notifications/partials/item.html", {"notification": notification})
    return redirect(_safe_next(request, reverse("notifications:list")))


@login_required
@require_POST
def notification_read_all(request):
    count = services.notifications_mark_read(user=request.user)
    messages.success(request, "All caught up." if count else "Nothing new to mark.")
    return redirect(_safe_next(request, reverse("notifications:list")))


# --- Settings -----------------------------------------------------------------------------------


def _sms_initial(user) -> dict:
    return {"sms_notifications_enabled": user.sms_notifications_enabled, "sms_window_start": user.sms_window_start,
            "sms_window_end": user.sms_window_end, "time_zone": user.time_zone}


@login_required
def notification_settings(request):
    user = request.user
    rows = selectors.preference_rows(user)
    action = request.POST.get("action") if request.method == "POST" else None
    preferences = PreferencesForm(request.POST if action == "preferences" else None, rows=rows)
    sms_form = SmsSettingsForm(request.POST if action == "sms" else None, initial=_sms_initial(user))
    phone_form = PhoneForm(request.POST if action == "phone_start" else None)
    code_form = CodeForm(request.POST if action == "phone_confirm" else None)
    done = ""
    try:
        if action == "preferences" and preferences.is_valid():
            services.preferences_update(user=user, choices=preferences.choices())
            done = "Your notification choices are saved."
        elif action == "sms" and sms_form.is_valid():
            services.sms_settings_update(user=user, sms_enabled=sms_form.cleaned_data["sms_notifications_enabled"],
                                         window_start=sms_form.cleaned_data["sms_window_start"],
                                         window_end=sms_form.cleaned_data["sms_window_end"],
                                         time_zone=sms_form.cleaned_data["time_zone"])
            done = "Your text message settings are saved."
        elif action in ("phone_start", "phone_resend"):
            number = (phone_form.cleaned_data["phone_number"] if action == "phone_start" and phone_form.is_valid()
                      else None)
            if action == "phone_resend":
                pending = services.phone_verification_pending(user) or user.phone_verifications.first()
                number = pending.phone_number if pending else None
            if number:
                verification, code = services.phone_verification_start(user=user, phone_number=number)
                done = f"We texted a 6-digit code to {verification.phone_number}."
                if not twilio_configured() and settings.DEBUG:
                    # Local development: the SMS is only simulated (and visible to staff in the admin).
                    messages.info(request, f"Twilio isn't set up here, so the text was simulated. Your code is {code}.")
        elif action == "phone_confirm" and code_form.is_valid():
            number = services.phone_verification_confirm(user=user, code=code_form.cleaned_data["code"])
            done = f"{number} is verified. You'll get texts for the things you choose below."
        elif action == "phone_cancel":
            services.phone_verification_cancel(user=user)
            done = "Enter the number you'd like to use."
        elif action == "phone_remove":
            services.phone_remove(user=user)
            done = "Your phone number is removed. No more texts."
    except ApplicationError as error:
        form = {"preferences": None, "sms": sms_form, "phone_start": phone_form, "phone_resend": phone_form,
                "phone_confirm": code_form}.get(action)
        if form is not None:
            form.add_application_error(error)
        else:
            messages.error(request, error.message)
    if done:
        messages.success(request, done)
        return redirect("notifications:settings")
    pending = services.phone_verification_pending(user)
    return render(request, "notifications/settings.html", {
        "member": user,
        "preferences": preferences,
        "sms_form": sms_form,
        "phone_form": phone_form,
        "code_form": code_form,
        "pending": pending,
        "sms_daily_limit": settings.NOTIFICATIONS_SMS_DAILY_LIMIT,
        "twilio_configured": twilio_configured(),
    }, status=400 if action else 200)


# --- Twilio ----------------------------------------------------------------------------------------


def _signature_valid(request) -> bool:
    token, signature = settings.TWILIO_AUTH_TOKEN, request.headers.get("X-Twilio-Signature", "")
    if not token or not signature:
        return False
    validator = RequestValidator(token)
    params = request.POST.dict()
    # Twilio signs the exact URL it was given; behind a proxy that may be SITE_URL rather than what we see.
    candidates = {request.build_absolute_uri(), f"{settings.SITE_URL}{request.get_full_path()}"}
    return any(validator.validate(url, params, signature) for url in candidates)


@csrf_exempt  # Twilio can't send our CSRF token; the request signature authenticates it instead.
@require_POST
def twilio_sms_webhook(request):
    if not _signature_valid(request):
        logger.warning("Rejected an inbound SMS webhook with a missing or wrong X-Twilio-Signature.")
        return HttpResponseForbidden("Invalid signature.")
    reply = services.sms_inbound(from_number=request.POST.get("From", ""), body=request.POST.get("Body", ""))
    twiml = MessagingResponse()
    if reply:
        twiml.message(reply)
    return HttpResponse(str(twiml), content_type="text/xml")
