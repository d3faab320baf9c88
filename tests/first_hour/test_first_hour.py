"""The first hour of each role on a freshly seeded demo, desktop and phone: a visitor, a new member, a buyer,
a creator and a curator. One module, so the demo is seeded once (see conftest.demo_site)."""
import re

from playwright.sync_api import expect

from tests.browser.fixtures import authenticator_code

from .conftest import FIRST_HOUR_MARKS, text_of

pytestmark = FIRST_HOUR_MARKS


def test_a_visitor_finds_an_offer_a_storefront_our_story_and_is_asked_to_join_to_connect(visitor):
    page = visitor.page
    visitor.goto("/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert "Share what you offer" in text_of(page)

    # Search from /discover the way a visitor would ask.
    visitor.goto("/discover/")
    page.fill("input[name=q]", "landing page feedback")
    page.locator("input[name=q]").press("Enter")
    page.wait_for_url(re.compile(r"q=landing"))
    visitor.check()
    offer_link = page.locator("main .offer-card .card__link").first
    offer_title = offer_link.inner_text().strip()
    offer_link.click()
    visitor.check()
    expect(page.get_by_role("heading", level=1, name=offer_title)).to_be_visible()

    # The offer's maker: their storefront (an offer lives at /@maker/slug/).
    storefront = re.match(r"(/@[^/]+/)", page.url.removeprefix(visitor.base_url)).group(1)
    maker_links = page.locator(f"main a[href='{storefront}']:visible")
    if maker_links.count():
        maker_links.first.click()
        page.wait_for_url(f"**{storefront}")
        visitor.check()
    else:  # the phone layout folds the "More from" links away
        visitor.goto(storefront)
    assert "What I offer" in text_of(page)

    # Our Story, with the seeded button that leads to sign-up.
    visitor.goto("/our-story/")
    join = page.locator("main").get_by_role("link", name="Join the Collective")
    expect(join).to_have_attribute("href", "/accounts/signup/")

    # Connect (in the nav) asks them to sign in, and says why.
    visitor.goto("/")
    visitor.open_menu_if_phone()
    scope = page.locator(".nav-drawer__panel") if visitor.phone else page.locator("nav.nav")
    scope.get_by_role("link", name="Connect").click()
    visitor.check()
    expect(page.get_by_role("heading", level=1)).to_have_text("Log in to connect with members")
    expect(page.locator("[data-sign-in-reason]")).to_contain_text("Join the Collective")


def test_a_new_member_signs_up_onboards_is_welcomed_and_posts_an_ask_with_tags(visitor):
    page = visitor.page
    username = f"newbie-{visitor.viewport}"
    visitor.goto("/accounts/signup/")
    page.get_by_label("Your name").fill(f"Nova {visitor.viewport.title()}")
    page.get_by_label("Email").fill(f"{username}@example.com")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password", exact=True).fill("a-long-Passphrase-42")
    page.get_by_label("Confirm password").fill("a-long-Passphrase-42")
    page.get_by_role("button", name="Create my account").click()
    page.wait_for_url("**/onboarding/")
    visitor.check()

    # Onboarding with Ava: starter asks and offers picked as they come.
    page.get_by_role("button", name="Continue").click()
    page.get_by_text("start with Curiosity").wait_for()
    page.click("label[for=pick-beta_testers]")
    page.locator("#onb-picked .chip--picked", has_text="Beta testers").wait_for()
    page.locator("#onb-picked").get_by_role("button", name="Continue").click()
    page.get_by_text("Now let's talk about").wait_for()
    page.click("label[for=pick-code_review]")
    page.locator("#onb-picked .chip--picked", has_text="Code review").wait_for()
    page.locator("#onb-picked").get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="I agree to these guidelines").click()
    page.get_by_text("You're all set!").wait_for()
    visitor.check()
    page.get_by_role("button", name="Enter the Collective").click()
    page.wait_for_url("**/home/")
    visitor.check()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Welcome, Nova {visitor.viewport.title()}")

    # The landing page isn't taken over by their unedited starter posts.
    context = page.context.browser.new_context(viewport=page.viewport_size, base_url=visitor.base_url)
    outsider = context.new_page()
    outsider.goto("/")
    landing = text_of(outsider)
    context.close()
    assert f"Nova {visitor.viewport.title()}" not in landing
    assert "Looking for beta testers" not in landing

    # An ask with tags.
    visitor.goto("/my/asks/new/")
    page.get_by_label("What do you need?").fill(f"Feedback on my onboarding emails ({visitor.viewport})")
    page.locator("label.type-option", has_text="Feedback").first.click()
    page.get_by_label("Details").fill("Three emails, sent over a week. Are they too long?")
    page.locator("label.chip[for^='id_tags_']", has_text="Copywriting").click()
    page.locator("label.chip[for^='id_tags_']", has_text="Marketing").click()
    page.get_by_role("button", name="Post ask").click()
    page.wait_for_load_state()
    visitor.check()
    from collective.models import Ask

    ask = Ask.objects.get(title=f"Feedback on my onboarding emails ({visitor.viewport})")
    assert sorted(ask.tags.values_list("name", flat=True)) == ["Copywriting", "Marketing"]


def test_a_buyer_buys_a_paid_demo_offer_and_a_credit_pack_on_the_simulator(visitor):
    from collective.models import OFFER_PUBLIC, Offer

    page = visitor.page
    buyer = {"desktop": "mayaokafor", "phone": "hannahlee"}[visitor.viewport]
    offer = (Offer.objects.filter(OFFER_PUBLIC).filter(status="active", is_paid=True, pricing_type="one_time")
             .exclude(user__username=buyer).exclude(offer_type="course").select_related("user").order_by("pk").first())
    visitor.login(buyer)

    # The paid demo offer: Buy → the simulated Stripe Checkout → paid.
    visitor.goto(offer.get_absolute_url())
    page.locator("main").get_by_role("link", name=re.compile(r"^Buy")).first.click()
    visitor.check()
    price = offer.price_display
    page.get_by_role("button", name=f"Pay {price}").click()
    page.wait_for_url(re.compile(r"/payments/simulator/checkout/"))
    visitor.check()
    page.get_by_role("button", name=f"Pay {price}").click()
    page.wait_for_load_state()
    visitor.check()
    assert "hasn't set up payouts" not in text_of(page)

    # A credit pack.
    visitor.goto("/credits/")
    page.get_by_role("button", name=re.compile(r"Buy Starter")).click()
    page.wait_for_url(re.compile(r"/payments/simulator/checkout/"))
    page.get_by_role("button", name="Pay $5").click()
    expect(page.get_by_role("heading", name="+100 credits!")).to_be_visible()
    visitor.check()

    visitor.goto("/my/purchases/")
    purchases = text_of(page)
    assert offer.title in purchases and "Starter credit pack" in purchases


def test_a_creator_publishes_a_course_that_shows_in_the_catalogue_and_on_their_storefront(visitor):
    page = visitor.page
    creator = {"desktop": "priyabuilds", "phone": "ben-carter"}[visitor.viewport]
    title = f"Ship a support bot in a weekend ({visitor.viewport})"
    visitor.login(creator)
    visitor.goto("/creator/courses/new/")
    page.fill("#id_topic", "Customer support bots")
    page.fill("#id_audience", "small shop owners")
    page.fill("#id_goals", "Answer the ten most common questions\nHand hard ones to a human")
    page.get_by_role("button", name="Propose a curriculum").click()
    page.wait_for_url(re.compile(r"/creator/courses/new/\d+/$"))
    visitor.check()
    page.fill("#id_title", title)
    page.get_by_role("button", name="Create the draft course").click()
    page.wait_for_url(re.compile(r"/creator/courses/\d+/$"))
    visitor.check()
    page.get_by_role("button", name="Publish course").click()
    page.wait_for_load_state()
    visitor.check()
    assert "is live" in text_of(page, "body")

    visitor.goto("/discover/courses/?q=support+bot")
    expect(page.locator("main").get_by_role("link", name=title)).to_be_visible()
    visitor.goto(f"/@{creator}/")
    expect(page.locator("main").get_by_role("link", name=title).first).to_be_visible()


def test_a_curator_publishes_our_story_and_a_tool_page_and_moderates_an_offer_in_the_admin(
    visitor, curator_authenticator
):
    from django.core.cache import cache

    from collective.models import OFFER_PUBLIC, Offer

    page = visitor.page
    cache.clear()  # the other viewport may have used this 30-second code (allauth refuses a code twice)
    visitor.goto("/accounts/login/")
    page.fill("input[name=login]", "demo-admin")
    page.fill("input[name=password]", "admin")
    page.click("form.auth__form [type=submit]")
    page.wait_for_url("**/accounts/2fa/authenticate/")
    page.fill("input[name=code]", authenticator_code("demo-admin"))
    page.locator("main form [type=submit]").first.click()
    page.wait_for_load_state()
    assert "/accounts/" not in page.url, page.url

    # Our Story: edit the intro and publish (the seeded sign-up button must validate).
    from home.models import StandardPage

    story = StandardPage.objects.get(slug="our-story")
    visitor.goto(f"/admin/pages/{story.pk}/edit/")
    page.fill("#id_title", f"Our Story ({visitor.viewport})")
    _publish_in_wagtail(page)
    visitor.goto("/our-story/")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Our Story ({visitor.viewport})")
    expect(page.locator("main").get_by_role("link", name="Join the Collective")).to_be_visible()

    # A tool page.
    from tools_directory.models import ToolPage

    tool = ToolPage.objects.live().order_by("pk").first()
    visitor.goto(f"/admin/pages/{tool.pk}/edit/")
    tagline = f"Curated pick ({visitor.viewport})"
    page.fill("#id_tagline", tagline)
    _publish_in_wagtail(page)
    visitor.goto(tool.url)
    assert tagline in text_of(page)

    # Moderation with what the admin offers today: take a member's offer down (back to a draft).
    offer = Offer.objects.filter(OFFER_PUBLIC).filter(status="active", is_paid=False).order_by("-pk").first()
    visitor.goto(f"/admin/snippets/collective/offer/edit/{offer.pk}/")
    page.select_option("#id_status", "draft")
    page.locator("button[type=submit]", has_text="Save").first.click()
    # Wait for Wagtail's confirmation: on SQLite the server shares this thread's connection, so no query
    # may run here until it has answered.
    page.locator(".messages").wait_for()
    offer.refresh_from_db()
    assert offer.status == "draft"
    # Staff still see drafts; a visitor gets the styled 404.
    context = page.context.browser.new_context(base_url=visitor.base_url)
    outsider = context.new_page()
    response = outsider.goto(offer.get_absolute_url())
    assert response.status == 404 and "We couldn't find that page" in text_of(outsider)
    context.close()


def _publish_in_wagtail(page) -> None:
    """Wagtail's footer: open the actions menu and click Publish (the primary button is "Save draft")."""
    page.locator("footer .w-dropdown__toggle, [data-w-dropdown-target='toggle']").last.click()
    page.get_by_role("button", name="Publish").click()
    page.wait_for_load_state()
    assert page.locator(".messages .success, .w-message--success, [class*=success]").first.is_visible(), \
        page.locator(".messages").inner_text()
