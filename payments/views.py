"""Payment pages: buy credits, buy an offer, checkout return pages, the local simulator, /my/purchases/,
/my/earnings/, /settings/earnings/, and the Stripe webhook endpoint. Selectors read, services write."""
import contextlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from collective.models import Offer
from collective.selectors import offers_visible_to
from core.errors import ApplicationError, NotFound
from economy.choices import FEATURE_COSTS, CreditFeature

from . import selectors, services, webhooks
from .choices import CheckoutStatus
from .forms import CreditPackCheckoutForm, OfferCheckoutForm
from .models import ConnectedAccount
from .providers import payments_enabled, using_simulator
from .providers.simulator import SimulatorProvider

PAGE_SIZE = 20


def _base_url(request) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def _see_other(url: str) -> HttpResponseRedirect:
    """After a POST, send the browser on with a GET (Stripe's own examples answer 303)."""
    response = HttpResponseRedirect(url)
    response.status_code = 303
    return response


# ------------------------------------------------------------------------------- buying credits
@login_required
def credit_packs(request, form: CreditPackCheckoutForm | None = None, status: int = 200):
    return render(request, "payments/credit_packs.html", {
        "packs": selectors.credit_packs(),
        "form": form,
        "feature_costs": [(CreditFeature(key).label, cost) for key, cost in FEATURE_COSTS.items()],
        "simulator": using_simulator(),
        "payments_enabled": payments_enabled(),
    }, status=status)


@login_required
@require_POST
def checkout_credits(request):
    form = CreditPackCheckoutForm(request.POST)
    if not form.is_valid():
        return credit_packs(request, form=form, status=400)
    try:
        checkout = services.checkout_start_credit_pack(
            user=request.user, pack_slug=form.cleaned_data["pack"],
            expected_amount_cents=form.cleaned_data["amount_cents"], base_url=_base_url(request))
    except ApplicationError as error:
        form.add_application_error(error)
        return credit_packs(request, form=form, status=error.status)
    return _see_other(checkout.checkout_url)


# -------------------------------------------------------------------------------- buying offers
def _visible_offer_or_404(user, pk: int) -> Offer:
    offer = offers_visible_to(user).select_related("user").filter(pk=pk).first()
    if offer is None:
        raise Http404("No such offer")
    return offer


@login_required
def offer_buy(request, pk: int, form: OfferCheckoutForm | None = None, status: int = 200):
    offer = _visible_offer_or_404(request.user, pk)
    has_access = selectors.member_has_access(user=request.user, offer=offer)
    return render(request, "payments/offer_buy.html", {
        "offer": offer,
        "has_access": has_access,
        "state": selectors.offer_purchase_state(user=request.user, offer=offer, has_access=has_access),
        "form": form,
        "simulator": using_simulator(),
    }, status=status)


@login_required
@require_POST
def checkout_offer(request, pk: int):
    form = OfferCheckoutForm(request.POST)
    if not form.is_valid():
        return offer_buy(request, pk, form=form, status=400)
    try:
        checkout = services.checkout_start_offer(user=request.user, offer_id=pk,
                                                 expected_amount_cents=form.cleaned_data["amount_cents"],
                                                 base_url=_base_url(request))
    except NotFound:
        raise  # not a form error: the 404 page (core.middleware)
    except ApplicationError as error:
        form.add_application_error(error)
        return offer_buy(request, pk, form=form, status=error.status)
    return _see_other(checkout.checkout_url)


# ----------------------------------------------------------------------------- checkout returns
@login_required
def checkout_success(request):
    checkout = selectors.checkout_for_buyer(user=request.user, session_id=request.GET.get("session_id", ""))
    if checkout is None:
        raise Http404("No such checkout")
    # If Stripe doesn't answer, the page says we're still confirming and the webhook finishes the job.
    with contextlib.suppress(ApplicationError):
        checkout = services.checkout_sync(checkout=checkout)
    payment = checkout.payments.order_by("id").first() if checkout.is_complete else None
    request.user.refresh_from_db(fields=["credit_balance"])
    return render(request, "payments/success.html", {
        "checkout": checkout,
        "payment": payment,
        "pending": checkout.status in (CheckoutStatus.OPEN, CheckoutStatus.PROCESSING),
    })


@login_required
def checkout_cancel(request):
    checkout = selectors.checkout_for_buyer(user=request.user, reference=request.GET.get("ref", ""))
    return render(request, "payments/cancel.html", {"checkout": checkout})


# ---------------------------------------------------------------------------- local simulator
def _simulator_or_404() -> SimulatorProvider:
    if not using_simulator():
        raise Http404("The payment simulator is off: this site uses Stripe.")
    return SimulatorProvider()


@login_required
def simulator_checkout(request, session_id: str):
    """Stands in for Stripe's hosted checkout page."""
    simulator = _simulator_or_404()
    checkout = selectors.checkout_for_buyer(user=request.user, session_id=session_id)
    if checkout is None:
        raise Http404("No such checkout")
    success_url = f"{reverse('payments:success')}?session_id={checkout.stripe_session_id}"
    if checkout.is_complete:
        return redirect(success_url)
    status = 200
    if request.method == "POST":
        if request.POST.get("action") == "cancel":
            return _see_other(f"{reverse('payments:cancel')}?ref={checkout.reference}")
        if checkout.status == CheckoutStatus.OPEN:
            try:
                simulator.pay(checkout)
            except ApplicationError as error:
                messages.error(request, error.message)
                status = 502
            else:
                return _see_other(success_url)
    return render(request, "payments/simulator/checkout.html", {"checkout": checkout}, status=status)


@login_required
def simulator_onboarding(request, account_id: str):
    """Stands in for Stripe's Express onboarding."""
    simulator = _simulator_or_404()
    account = ConnectedAccount.objects.filter(stripe_account_id=account_id, user=request.user).first()
    if account is None:
        raise Http404("No such account")
    if request.method == "POST":
        simulator.complete_onboarding(account)
        messages.success(request, "Payouts are set up. Your paid offers can now be bought.")
        return _see_other(reverse("payments:settings_earnings"))
    return render(request, "payments/simulator/onboarding.html", {"account": account})


@login_required
@require_POST
def simulator_payout(request):
    """Pays the creator's available balance out, as Stripe's payout schedule would."""
    simulator = _simulator_or_404()
    account = selectors.connected_account_for(user=request.user)
    summary = selectors.earnings_summary(seller=request.user)[0]
    available = summary.net_cents - summary.paid_out_cents
    if account is None or not account.payouts_enabled or available <= 0:
        messages.info(request, "There's nothing to pay out yet.")
    else:
        simulator.payout(account, available, summary.currency)
        messages.success(request, "Payout sent to your bank (simulated).")
    return _see_other(f"{reverse('payments:my_earnings')}?tab=payouts")


# ------------------------------------------------------------------------------------ webhooks
@csrf_exempt
@require_POST
def stripe_webhook(request):
    result = webhooks.receive(payload=request.body, signature=request.headers.get("Stripe-Signature", ""))
    return JsonResponse(result.as_json(), status=result.status)


# ------------------------------------------------------------------------------------ purchases
def _with_access(payments):
    for payment in payments:
        subscription_ok = payment.subscription is None or payment.subscription.is_active
        payment.has_access = bool(payment.offer_id) and not payment.access_revoked and subscription_ok
    return payments


@login_required
def my_purchases(request):
    page = Paginator(selectors.purchases_for(user=request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    _with_access(page.object_list)
    return render(request, "payments/my_purchases.html", {
        "page_obj": page,
        "subscriptions": list(selectors.subscriptions_for(user=request.user)),
    })


@login_required
def purchase_receipt(request, pk: int):
    payment = selectors.purchase_for(user=request.user, pk=pk)
    if payment is None:
        raise Http404("No such purchase")
    _with_access([payment])
    return render(request, "payments/receipt.html", {"payment": payment, "refunds": list(payment.refunds.all())})


@login_required
@require_POST
def subscription_cancel(request, pk: int):
    try:
        subscription = services.subscription_cancel(user=request.user, subscription_id=pk)
    except NotFound:
        raise  # not a form error: the 404 page (core.middleware)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        title = subscription.offer.title if subscription.offer else "the offer"
        messages.success(request, f"Your subscription to {title} is cancelled. You won't be charged again.")
    return _see_other(reverse("payments:my_purchases"))


# ------------------------------------------------------------------------------------- earnings
@login_required
def my_earnings(request):
    tab = "payouts" if request.GET.get("tab") == "payouts" else "sales"
    rows = selectors.payouts_for(seller=request.user) if tab == "payouts" else selectors.sales_for(seller=request.user)
    summary = selectors.earnings_summary(seller=request.user)
    return render(request, "payments/my_earnings.html", {
        "account": selectors.connected_account_for(user=request.user),
        "summary": summary[0],
        "other_currencies": summary[1:],
        "tab": tab,
        "tabs": [
            {"label": "Sales", "url": "?tab=sales", "active": tab == "sales", "icon": "shopping-bag"},
            {"label": "Payouts", "url": "?tab=payouts", "active": tab == "payouts", "icon": "landmark"},
        ],
        "page_obj": Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page")),
        "fee_percent": selectors.platform_fee_percent(),
        "simulator": using_simulator(),
    })


@login_required
def settings_earnings(request):
    account = selectors.connected_account_for(user=request.user)
    if account is not None and request.GET.get("onboarding") == "return":
        try:
            account = services.connect_account_refresh(user=request.user) or account
        except ApplicationError as error:
            messages.warning(request, error.message)
    return render(request, "payments/settings_earnings.html", {
        "member": request.user,
        "account": account,
        "summary": selectors.earnings_summary(seller=request.user)[0],
        "fee_percent": selectors.platform_fee_percent(),
        "fee_example": {"price": 4900, "fee": selectors.platform_fee_cents(4900),
                        "net": 4900 - selectors.platform_fee_cents(4900)},
        "simulator": using_simulator(),
        "payments_enabled": payments_enabled(),
    })


def _onboarding_redirect(request):
    try:
        url = services.connect_onboarding_start(
            user=request.user,
            refresh_url=request.build_absolute_uri(reverse("payments:settings_earnings_refresh")),
            return_url=request.build_absolute_uri(reverse("payments:settings_earnings")) + "?onboarding=return",
        )
    except ApplicationError as error:
        messages.error(request, error.message)
        return _see_other(reverse("payments:settings_earnings"))
    return _see_other(url)


@login_required
@require_POST
def settings_earnings_connect(request):
    return _onboarding_redirect(request)


@login_required
def settings_earnings_refresh(request):
    """Stripe's `refresh_url`: the onboarding link expired or was reused, so make a fresh one."""
    if selectors.connected_account_for(user=request.user) is None:
        return redirect("payments:settings_earnings")
    return _onboarding_redirect(request)


@login_required
@require_POST
def settings_earnings_dashboard(request):
    try:
        return _see_other(services.connect_dashboard_url(user=request.user))
    except ApplicationError as error:
        messages.error(request, error.message)
        return _see_other(reverse("payments:settings_earnings"))
