"""Pages of agents for hire: /agents/ (marketplace, profiles, conversations) and /creator/agents/ (studio)."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from core.errors import ApplicationError, NotFound
from members.choices import AgentCapability

from . import selectors, services
from .forms import AgentCreateForm, AgentSettingsForm, MessageForm, PricingForm, RatingForm
from .models import AgentDraft

PER_PAGE = 12


def _or_404(call, *args):
    try:
        return call(*args)
    except NotFound as error:
        raise Http404(error.message) from error


def marketplace(request):
    query = request.GET.get("q", "").strip()[:200]
    capability = request.GET.get("capability", "")
    capability = capability if capability in AgentCapability.values else ""
    agents = selectors.agents_listed(query=query, capability=capability, free_only=request.GET.get("free") == "1")
    page = Paginator(agents, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "agents/marketplace.html", {
        "page_obj": page, "query": query, "capability": capability, "capabilities": AgentCapability.choices,
        "conversation_cost": services.CONVERSATION_COST,
    })


def agent_profile(request, username: str):
    agent = _or_404(selectors.agent_by_username, username)
    priced = selectors.pass_offer(agent) if agent.price_cents else None
    return render(request, "agents/profile.html", {
        "agent": agent, "conversation_cost": services.CONVERSATION_COST, "pass_offer": priced,
        "unused_pass": bool(priced and request.user.is_authenticated and selectors.unused_pass(request.user, agent)),
        "ratings": agent.ratings.select_related("member").order_by("-created_at")[:10],
        "capability_labels": [label for value, label in AgentCapability.choices if value in (agent.capabilities or [])],
    })


@login_required
@require_POST
def conversation_start(request, username: str):
    agent = _or_404(selectors.agent_by_username, username)
    try:
        conversation = services.conversation_start(member=request.user, agent=agent)
    except ApplicationError as error:
        if error.code == "pass_required":
            return render(request, "agents/pass_required.html", {
                "agent": agent, "pass_offer": selectors.pass_offer(agent), "message": error.message}, status=402)
        if error.status == 402:
            return render(request, "clips/short.html", {
                "cost": services.CONVERSATION_COST, "message": error.message, "what": "a conversation",
                "back": f"/agents/{username}/"}, status=402)
        messages.error(request, error.message)
        return redirect("agents:profile", username=username)
    return redirect("agents:conversation", pk=conversation.pk)


@login_required
def conversation(request, pk: int):
    convo = _or_404(selectors.conversation_for, request.user, pk)
    is_member = convo.member_id == request.user.pk
    form = MessageForm()
    status = 200
    if request.method == "POST" and is_member:
        form = MessageForm(request.POST)
        status = 400
        if form.is_valid():
            try:
                services.message_send(member=request.user, conversation=convo, text=form.cleaned_data["text"],
                                      request_key=form.cleaned_data["request_key"])
            except ApplicationError as error:
                form.add_error("text" if "text" in error.fields else None, error.message)
                status = error.status
            else:
                if request.htmx:
                    form, status = MessageForm(), 200
                else:
                    return redirect("agents:conversation", pk=convo.pk)
        convo.refresh_from_db()
    context = {
        "conversation": convo, "agent": convo.agent, "is_member": is_member, "form": form,
        "thread": convo.messages.all(), "rating_form": RatingForm(),
    }
    template = "agents/partials/thread.html" if request.htmx and request.method == "POST" else "agents/conversation.html"
    return render(request, template, context, status=status)


@login_required
@require_POST
def conversation_rate(request, pk: int):
    convo = _or_404(selectors.conversation_for, request.user, pk)
    form = RatingForm(request.POST)
    if form.is_valid():
        try:
            services.rating_create(member=request.user, conversation=convo, **form.cleaned_data)
            messages.success(request, "Thanks for rating.")
        except ApplicationError as error:
            messages.error(request, error.message)
    else:
        messages.error(request, "Choose 1 to 5 stars.")
    return redirect("agents:conversation", pk=convo.pk)


# ------------------------------------------------------------------------------------------ studio
@login_required
def studio(request):
    form = AgentCreateForm(request.POST or None)
    if request.method == "POST":
        agent = form.submit(lambda data: services.agent_create(owner=request.user, **data))
        if agent is not None:
            messages.success(request, "Agent created. Give it instructions, then list it.")
            return redirect("agents:studio_agent", pk=agent.pk)
    return render(request, "agents/studio.html", {
        "agents": selectors.agents_owned_by(request.user), "form": form,
    }, status=400 if form.is_bound and form.errors else 200)


@login_required
def studio_agent(request, pk: int):
    agent = _or_404(selectors.agent_owned, request.user, pk)
    form = AgentSettingsForm(request.POST or None, agent=agent)
    if request.method == "POST" and request.POST.get("form") != "pricing":
        saved = form.submit(lambda data: services.agent_update(agent=agent, actor=request.user, **data))
        if saved is not None:
            messages.success(request, "Saved.")
            return redirect("agents:studio_agent", pk=agent.pk)
    pricing = PricingForm(agent=agent)
    if request.method == "POST" and request.POST.get("form") == "pricing":
        form = AgentSettingsForm(agent=agent)
        pricing = PricingForm(request.POST, agent=agent)
        if pricing.submit(lambda data: services.agent_pricing_set(agent=agent, actor=request.user, **data)):
            messages.success(request, "Price saved.")
            return redirect("agents:studio_agent", pk=agent.pk)
    conversations = Paginator(selectors.conversations_of_agent(agent), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "agents/studio_agent.html", {
        "agent": agent, "form": form, "page_obj": conversations, "drafts": selectors.drafts_pending(agent),
        "has_key": bool(agent.byok_key_encrypted), "pricing": pricing,
    }, status=400 if (form.is_bound and form.errors) or (pricing.is_bound and pricing.errors) else 200)


@login_required
@require_POST
def studio_draft(request, pk: int, draft_pk: int):
    agent = _or_404(selectors.agent_owned, request.user, pk)
    draft = AgentDraft.objects.filter(agent=agent, pk=draft_pk).first()
    if draft is None:
        raise Http404("No such draft.")
    approve = request.POST.get("decision") == "approve"
    try:
        services.draft_decide(draft=draft, actor=request.user, approve=approve, text=request.POST.get("text"))
        messages.success(request, "Sent as the agent's response." if approve else "Draft discarded.")
    except ApplicationError as error:
        messages.error(request, error.message)
    return redirect("agents:studio_agent", pk=agent.pk)
