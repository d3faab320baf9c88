"""Ava's pages: the onboarding chat, the assistant and its dashboard panel, and link import.

Everything works as plain forms (post → redirect); with htmx the same views answer with fragments.
Services raise ApplicationError; views show its message as Ava's reply, never a 500.
"""
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from collective.choices import AskType, OfferType
from collective.selectors import offer_categories
from core.errors import ApplicationError
from economy import toasts

from . import content, selectors, services
from .forms import DraftForm, DraftRequestForm, ImportCreateForm, ImportForm, MessageForm, OnboardingForm
from .llm import get_provider
from .url_import import IMPORT_TYPES, OfferProposal

HOME_URL = "dashboard"  # a URL name: redirect() reverses it
RECENT_CONVERSATIONS = 12
CONVERSATIONS_PER_PAGE = 20
PANEL_SUGGESTIONS = ("I need help writing blog posts", "Find beta testers for my app", "Help me write an offer")


def _is_htmx(request) -> bool:
    return bool(getattr(request, "htmx", False))


def _message_form(request) -> MessageForm:
    """The typed message, or the suggestion chip that was clicked."""
    data = request.POST.copy()
    if not data.get("message", "").strip() and data.get("suggestion"):
        data["message"] = data["suggestion"]
    return MessageForm(data)


# --- Onboarding ------------------------------------------------------------------------------------


def _onboarding_context(request, state, *, note: str = "") -> dict:
    return {
        "state": state,
        "thread": selectors.onboarding_thread(state),
        "progress": selectors.onboarding_progress(state),
        "placeholder": selectors.composer_placeholder(state),
        "ask_suggestions": content.ASK_SUGGESTIONS,
        "offer_groups": [(group, [s for s in content.OFFER_SUGGESTIONS if s.group == group])
                         for group in content.OFFER_GROUPS],
        "asks_by_key": content.ASKS_BY_KEY,
        "offers_by_key": content.OFFERS_BY_KEY,
        "followup_kind": content.OFFERS_BY_KEY[state.followups[0]].followup if state.followups else "",
        "proposal": OfferProposal.from_dict(state.pending_import) if state.pending_import else None,
        "categories": list(offer_categories()),
        "offer_types": [(t, OfferType(t).label) for t in IMPORT_TYPES],
        "created_asks": len(state.ask_ids),
        "created_offers": len(state.offer_ids),
        "note": note,
    }


@toasts.held
@login_required
def onboarding(request):
    """/onboarding/: the five-part chat with Ava (spec 3.2). Members who finished it go home."""
    user = request.user
    if user.onboarding_completed_at is not None:
        return redirect(HOME_URL)
    state = services.onboarding_state_ensure(user)
    note = ""
    position = selectors.onboarding_position(state)
    if request.method == "POST":
        form = OnboardingForm(request.POST)
        if form.is_valid():
            try:
                state = services.onboarding_act(user=user, **form.service_kwargs())
            except ApplicationError as error:
                if error.code == "completed":
                    return redirect(HOME_URL)
                state.refresh_from_db()
                note = f"Hmm — {error.message[:1].lower()}{error.message[1:]} Could you try that again?"
        else:
            note = "Sorry, I didn't catch that. Could you try again?"
        if user.onboarding_completed_at is not None:
            return redirect(HOME_URL)
        if not note and not _is_htmx(request):
            return redirect(reverse("assistant:onboarding") + "#now")
    response = render(request, "assistant/onboarding.html", _onboarding_context(request, state, note=note))
    if _is_htmx(request) and selectors.onboarding_position(state) != position:
        # A new question: show it from its start (on phones the chips alone fill the screen).
        response["HX-Reswap"] = "outerHTML show:#now:top"
    return response


# --- The assistant ----------------------------------------------------------------------------------


def _ava_context(request, *, conversation=None, form=None, messages=None) -> dict:
    return {
        "conversation": conversation,
        "chat_messages": messages if messages is not None else (
            list(selectors.conversation_messages(conversation)) if conversation else []),
        "recent": list(selectors.conversations_of(request.user)[:RECENT_CONVERSATIONS]),
        "form": form or MessageForm(initial={"message": request.GET.get("q", "")[:200]}),
        "suggestions": PANEL_SUGGESTIONS,
        "categories": list(offer_categories()),
        "ask_types": AskType.choices,
        "offer_types": OfferType.choices,
        "uses_model": get_provider().uses_model,
    }


def _messages_fragment(request, conversation, messages, *, compact: bool = False, push: bool = False):
    response = render(request, "assistant/partials/ava_messages.html", {
        "conversation": conversation, "chat_messages": messages, "compact": compact,
        "categories": list(offer_categories()), "ask_types": AskType.choices, "offer_types": OfferType.choices,
        "oob_conversation": compact, "push_composer": push, "uses_model": get_provider().uses_model,
    })
    if push:
        response["HX-Push-Url"] = conversation.get_absolute_url()
    if compact:
        response["HX-Reswap"] = "beforeend scroll:#ava-panel-thread:bottom"
    elif messages:
        # Bring the start of the exchange into view (not the page bottom: answers can be long).
        response["HX-Reswap"] = f"beforeend show:#m{messages[0].pk}:top"
    return response


@login_required
def ava(request):
    """/ava/: start a conversation. `?q=` fills in the message (links from the dashboard panel)."""
    if request.method == "POST":
        form = _message_form(request)
        if form.is_valid():
            conversation = services.conversation_start(user=request.user, text=form.cleaned_data["message"])
            if _is_htmx(request):
                return _messages_fragment(request, conversation, list(selectors.conversation_messages(conversation)),
                                          push=True)
            return redirect(conversation.get_absolute_url() + "#latest")
        if _is_htmx(request):
            return HttpResponse(status=204)
        return render(request, "assistant/ava.html", _ava_context(request, form=form), status=400)
    return render(request, "assistant/ava.html", _ava_context(request))


@login_required
def conversation(request, pk: int):
    """/ava/c/<pk>/: one of the member's conversations (anyone else's is a 404)."""
    convo = selectors.conversation_for(user=request.user, pk=pk)
    if request.method == "POST":
        form = _message_form(request)
        if form.is_valid():
            new = services.conversation_reply(conversation=convo, user=request.user, text=form.cleaned_data["message"])
            if _is_htmx(request):
                return _messages_fragment(request, convo, new)
            return redirect(convo.get_absolute_url() + "#latest")
        if _is_htmx(request):
            return HttpResponse(status=204)
        return render(request, "assistant/ava.html", _ava_context(request, conversation=convo, form=form), status=400)
    return render(request, "assistant/ava.html", _ava_context(request, conversation=convo))


@login_required
@require_POST
def panel(request):
    """The dashboard panel: continue the panel's conversation (or start one) and answer in place."""
    form = _message_form(request)
    if not form.is_valid():
        return HttpResponse(status=204) if _is_htmx(request) else redirect(HOME_URL)
    text = form.cleaned_data["message"]
    convo = None
    if request.POST.get("conversation", "").isdigit():
        convo = selectors.conversations_of(request.user).filter(pk=int(request.POST["conversation"])).first()
    if convo is None:
        convo = services.conversation_start(user=request.user, text=text)
        new = list(selectors.conversation_messages(convo))
    else:
        new = services.conversation_reply(conversation=convo, user=request.user, text=text)
    if not _is_htmx(request):
        return redirect(convo.get_absolute_url() + "#latest")
    return _messages_fragment(request, convo, new, compact=True)


@login_required
@require_POST
def draft_request(request, pk: int):
    """Ask Ava to draft an ask or offer from the conversation."""
    convo = selectors.conversation_for(user=request.user, pk=pk)
    form = DraftRequestForm(request.POST)
    if not form.is_valid():
        return redirect(convo.get_absolute_url())
    try:
        message = services.conversation_draft(conversation=convo, user=request.user, kind=form.cleaned_data["kind"],
                                              source_id=form.cleaned_data.get("source"))
        new = [message]
    except ApplicationError as error:
        new = [services.ava_says(conversation=convo, text=error.message)]
    if _is_htmx(request):
        return _messages_fragment(request, convo, new, compact=request.POST.get("compact") == "1")
    return redirect(convo.get_absolute_url() + "#latest")


def _draft_message(request, pk: int, message_pk: int):
    return selectors.draft_message_for(user=request.user, conversation_pk=pk, message_pk=message_pk)


@login_required
@require_POST
def draft_post(request, pk: int, message_pk: int):
    """The member posts Ava's draft (as edited): an ordinary Ask or Offer."""
    message = _draft_message(request, pk, message_pk)
    form = DraftForm(request.POST)
    error_text = ""
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.draft_post(message=message, user=request.user, title=data["title"],
                                description=data.get("description") or "", draft_type=data.get("type") or "",
                                category_slug=data.get("category") or "")
        except ApplicationError as error:
            error_text = error.message
        message.refresh_from_db()
    else:
        error_text = next(iter(form.errors.values()))[0]
    if _is_htmx(request):
        return render(request, "assistant/partials/ava_draft.html", {
            "message": message, "draft": message.draft, "conversation": message.conversation, "error": error_text,
            "form_data": request.POST, "categories": list(offer_categories()), "ask_types": AskType.choices,
            "offer_types": OfferType.choices, "compact": request.POST.get("compact") == "1",
        })
    return redirect(message.conversation.get_absolute_url() + f"#m{message.pk}")


@login_required
@require_POST
def draft_dismiss(request, pk: int, message_pk: int):
    message = services.draft_dismiss(message=_draft_message(request, pk, message_pk), user=request.user)
    if _is_htmx(request):
        return render(request, "assistant/partials/ava_draft.html", {
            "message": message, "draft": message.draft, "conversation": message.conversation,
            "compact": request.POST.get("compact") == "1"})
    return redirect(message.conversation.get_absolute_url())


@login_required
@require_POST
def conversation_delete(request, pk: int):
    convo = selectors.conversation_for(user=request.user, pk=pk)
    services.conversation_delete(conversation=convo, user=request.user)
    return redirect("assistant:conversations")


@login_required
def conversations(request):
    """/ava/conversations/: every conversation of the member, newest first."""
    page = Paginator(selectors.conversations_of(request.user), CONVERSATIONS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "assistant/conversations.html", {"page_obj": page, "conversations": page.object_list})


# --- Import from a link ---------------------------------------------------------------------------------


def _import_context(request, *, form, proposal=None, error="", create_form=None) -> dict:
    return {"form": form, "proposal": proposal, "error": error, "create_form": create_form,
            "categories": list(offer_categories()),
            "offer_types": [(t, OfferType(t).label) for t in IMPORT_TYPES]}


@login_required
def import_url(request):
    """/ava/import/: paste a link, get a proposed offer to confirm.

    With htmx (e.g. from /my/offers/new): POST `url` (and optional `hint`: app, course, template…) and
    swap in the returned fragment; it contains its own confirm form posting to /ava/import/create/.
    With `Accept: application/json` the proposal comes back as JSON instead.
    """
    if request.method != "POST":
        return render(request, "assistant/import.html", _import_context(request, form=ImportForm()))
    form = ImportForm(request.POST)
    proposal, error = None, ""
    if form.is_valid():
        try:
            services.import_allowance_take(user=request.user)
            proposal = services.import_proposal(url=form.cleaned_data["url"], hint=form.cleaned_data.get("hint"))
        except ApplicationError as refusal:
            error = refusal.message
    else:
        error = form.errors["url"][0] if "url" in form.errors else "Paste a link first, like https://myapp.com"
    if "application/json" in request.headers.get("Accept", ""):
        if proposal is None:
            return JsonResponse({"error": {"code": "import_refused", "message": error, "fields": {"url": [error]}}},
                                status=400)
        return JsonResponse({"proposal": proposal.as_dict()})
    template = "assistant/partials/import_result.html" if _is_htmx(request) else "assistant/import.html"
    return render(request, template, _import_context(request, form=form, proposal=proposal, error=error))


@login_required
@require_POST
def import_create(request):
    """Create the offer a member confirmed from an imported page, then open its page editor."""
    form = ImportCreateForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        proposal = OfferProposal(url=data["url"], title=data["title"], description=data.get("description") or "",
                                 offer_type=data.get("offer_type") or OfferType.LINK, image=data.get("image") or "",
                                 site_name=data.get("site_name") or "", category_slug=data.get("category") or "",
                                 tool_ids=data.get("tools") or [])
        try:
            offer = services.offer_from_proposal(user=request.user, proposal=proposal)
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            target = reverse("mine:offer_content", kwargs={"pk": offer.pk})
            if _is_htmx(request):
                response = HttpResponse(status=204)
                response["HX-Redirect"] = target
                return response
            return redirect(target)
    proposal = OfferProposal(url=request.POST.get("url", ""), title=request.POST.get("title", ""),
                             description=request.POST.get("description", ""),
                             offer_type=request.POST.get("offer_type", OfferType.LINK),
                             image=request.POST.get("image", ""), site_name=request.POST.get("site_name", ""),
                             category_slug=request.POST.get("category", ""))
    error = next(iter(form.errors.values()))[0]
    template = "assistant/partials/import_result.html" if _is_htmx(request) else "assistant/import.html"
    return render(request, template, _import_context(request, form=ImportForm(), proposal=proposal, error=error),
                  status=400 if not _is_htmx(request) else 200)

