"""The onboarding chat: a server-side state machine that survives refreshes and second devices, creates
ordinary asks and offers, needs the guidelines agreed, and completes (with its points) exactly once."""
import pytest
from django.urls import reverse

from assistant import services
from assistant.choices import OnboardingStep
from assistant.models import OnboardingState
from collective.choices import AskStatus, AskType, OfferStatus, OfferType
from collective.models import Ask, Offer
from core.errors import ApplicationError
from economy.models import PointsTransaction
from members.factories import UserFactory

from .conftest import OG_PAGE, allow_loopback

pytestmark = pytest.mark.django_db
URL = "/onboarding/"


@pytest.fixture
def newcomer(categories):
    return UserFactory(username="newcomer", display_name="Nia")


def act(user, step, action, **kwargs):
    return services.onboarding_act(user=user, step=step, action=action, **kwargs)


def to_generosity(user, picks=("beta_testers",), custom=()):
    act(user, "welcome", "continue")
    for text in custom:
        act(user, "curiosity", "send", text=text, picks=list(picks))
    return act(user, "curiosity", "continue", picks=list(picks))


def to_respect(user):
    to_generosity(user)
    return act(user, "generosity", "continue", picks=["code_review"])


# --- Steps --------------------------------------------------------------------------------------


def test_welcome_leads_to_curiosity_and_the_member_reply_is_kept(newcomer):
    state = act(newcomer, "welcome", "continue")
    assert state.step == OnboardingStep.CURIOSITY
    assert state.transcript[-1] == {"at": "welcome", "sender": "member", "text": "Let's go!"}


def test_curiosity_saves_picks_and_typed_asks_before_continuing(newcomer):
    act(newcomer, "welcome", "continue")
    act(newcomer, "curiosity", "save", picks=["beta_testers", "code_review", "not-a-suggestion"])
    state = act(newcomer, "curiosity", "send", text="Help naming my newsletter", picks=["beta_testers", "code_review"])
    assert state.ask_picks == ["beta_testers", "code_review"]
    assert state.custom_asks == ["Help naming my newsletter"]
    assert state.transcript[-1]["text"].startswith("Added “Help naming my newsletter”")
    state = act(newcomer, "curiosity", "remove", remove=0, picks=["beta_testers"])
    assert (state.ask_picks, state.custom_asks) == (["beta_testers"], [])
    assert not Ask.objects.exists()  # nothing is created until the member continues


def test_continuing_curiosity_creates_open_asks_with_type_and_category(newcomer, categories):
    state = to_generosity(newcomer, picks=["beta_testers", "learn_ai"], custom=["Feedback on my landing page copy"])
    assert state.step == OnboardingStep.GENEROSITY
    asks = {a.title: a for a in Ask.objects.filter(user=newcomer)}
    assert set(asks) == {"Looking for beta testers", "Learning AI and machine learning", "Feedback on my landing page copy"}
    assert all(a.status == AskStatus.OPEN for a in asks.values())
    assert asks["Looking for beta testers"].ask_type == AskType.BETA_TESTER
    assert asks["Learning AI and machine learning"].category == categories["learning-education"]
    typed = asks["Feedback on my landing page copy"]
    assert (typed.ask_type, typed.category) == (AskType.FEEDBACK, categories["marketing-content"])
    assert sorted(state.ask_ids) == sorted(a.pk for a in asks.values())


def test_continuing_with_nothing_picked_is_fine(newcomer):
    state = to_generosity(newcomer, picks=[])
    assert state.step == OnboardingStep.GENEROSITY
    assert state.transcript[-1]["text"] == "Nothing right now — I'll ask later."


def test_skills_become_active_offers_and_built_things_and_services_get_follow_ups(newcomer, categories):
    to_generosity(newcomer)
    state = act(newcomer, "generosity", "send", text="I can review pitch decks", picks=["app", "consulting", "code_review"])
    state = act(newcomer, "generosity", "continue", picks=["app", "consulting", "code_review"])
    assert state.step == OnboardingStep.FOLLOWUPS
    assert state.followups == ["app", "consulting"]
    offers = {o.title: o for o in Offer.objects.filter(user=newcomer)}
    assert set(offers) == {"Code review", "Review pitch decks"}
    assert all(o.status == OfferStatus.ACTIVE for o in offers.values())
    assert offers["Code review"].offer_type == OfferType.FEEDBACK
    assert offers["Code review"].category == categories["development"]
    assert offers["Review pitch decks"].offer_type == OfferType.FEEDBACK


def test_follow_ups_describe_an_app_and_a_service(newcomer, categories):
    to_generosity(newcomer)
    act(newcomer, "generosity", "continue", picks=["app", "consulting"])
    state = act(newcomer, "followups", "send", text="MeetingMint — meeting notes that write themselves")
    assert state.followups == ["consulting"]
    state = act(newcomer, "followups", "send", text="I help with AI strategy for startups")
    assert state.step == OnboardingStep.RESPECT
    app = Offer.objects.get(user=newcomer, offer_type=OfferType.APP)
    assert app.title == "MeetingMint"
    assert app.description == "MeetingMint — meeting notes that write themselves."
    service = Offer.objects.get(user=newcomer, offer_type=OfferType.SERVICE)
    assert service.title == "Consulting & coaching: AI strategy for startups"
    assert service.status == OfferStatus.ACTIVE
    assert [d["key"] for d in state.followups_done] == ["app", "consulting"]


def test_a_follow_up_can_be_skipped(newcomer):
    to_generosity(newcomer)
    act(newcomer, "generosity", "continue", picks=["mentorship"])
    state = act(newcomer, "followups", "skip")
    assert state.step == OnboardingStep.RESPECT
    assert not Offer.objects.filter(user=newcomer).exists()


def test_pasting_a_link_proposes_an_offer_that_the_member_confirms(newcomer, page_server, tools):
    url = page_server.html("/course", OG_PAGE)
    to_generosity(newcomer)
    act(newcomer, "generosity", "continue", picks=["course"])
    state = act(newcomer, "followups", "import", text=url, allow_address=allow_loopback)
    assert state.pending_import["title"] == "Prompt Patterns: write prompts that work"
    assert not Offer.objects.filter(user=newcomer).exists()
    state = act(newcomer, "followups", "confirm",
                edits={"title": "Prompt Patterns", "description": None, "offer_type": None, "category_slug": None})
    offer = Offer.objects.get(user=newcomer)
    assert (offer.title, offer.offer_type, offer.status) == ("Prompt Patterns", OfferType.COURSE, OfferStatus.ACTIVE)
    assert offer.external_url == url
    assert offer.source_type == "url_import" and offer.source_url == url
    assert set(offer.tools.values_list("name", flat=True)) == {"Claude", "Midjourney"}
    assert state.step == OnboardingStep.RESPECT and state.pending_import == {}


def test_a_refused_link_gets_a_friendly_reply_and_the_question_stays(newcomer):
    to_generosity(newcomer)
    act(newcomer, "generosity", "continue", picks=["app"])
    state = act(newcomer, "followups", "import", text="http://169.254.169.254/latest/meta-data/")
    assert state.step == OnboardingStep.FOLLOWUPS and state.followups == ["app"]
    assert state.transcript[-1]["sender"] == "ava"
    assert "only import public web pages" in state.transcript[-1]["text"]


def test_respect_needs_agreement_before_completing(newcomer):
    to_respect(newcomer)
    state = act(newcomer, "respect", "send", text="I don't agree with number 5")
    assert state.step == OnboardingStep.RESPECT
    assert "I agree" in state.transcript[-1]["text"]
    with pytest.raises(ApplicationError):
        services.onboarding_complete(user=newcomer)
    newcomer.refresh_from_db()
    assert newcomer.onboarding_completed_at is None
    state = act(newcomer, "respect", "send", text="Yes, I agree!")
    assert state.step == OnboardingStep.COMPLETE and state.agreed_at is not None


def test_an_action_from_a_stale_screen_changes_nothing(newcomer):
    to_generosity(newcomer, picks=["beta_testers"])
    # The same "Continue" again (double click, or a second tab still showing Curiosity).
    state = act(newcomer, "curiosity", "continue", picks=["beta_testers", "code_review"])
    assert state.step == OnboardingStep.GENEROSITY
    assert Ask.objects.filter(user=newcomer).count() == 1


# --- Completion ---------------------------------------------------------------------------------


def test_completing_records_the_time_and_awards_25_points_once(newcomer):
    to_respect(newcomer)
    act(newcomer, "respect", "agree")
    act(newcomer, "complete", "finish")
    newcomer.refresh_from_db()
    assert newcomer.onboarding_completed_at is not None
    first = newcomer.onboarding_completed_at
    assert services.onboarding_complete(user=newcomer) is False
    with pytest.raises(ApplicationError):
        act(newcomer, "complete", "finish")
    newcomer.refresh_from_db()
    assert newcomer.onboarding_completed_at == first
    awards = PointsTransaction.objects.filter(member=newcomer, action="complete_onboarding")
    assert list(awards.values_list("amount", flat=True)) == [25]


# --- Pages ----------------------------------------------------------------------------------------


def test_signup_lands_on_the_onboarding_chat(client, categories):
    response = client.post("/accounts/signup/", {"display_name": "Sam", "email": "sam@example.com", "username": "sam",
                                                 "password1": "correct-horse-battery-9", "password2": "correct-horse-battery-9"})
    assert response.status_code == 302 and response.url == URL
    page = client.get(URL)
    assert page.status_code == 200
    assert "Welcome to All Thrive" in page.content.decode()


def test_visitors_are_asked_to_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302 and reverse("account_login") in response.url


def test_the_chat_resumes_where_the_member_left_off_on_another_device(client, newcomer):
    client.force_login(newcomer)
    client.post(URL, {"step": "welcome", "action": "continue"})
    client.post(URL, {"step": "curiosity", "action": "save", "has_picks": "1", "picks": ["mentorship"]})
    other_device = type(client)()
    other_device.force_login(newcomer)
    html = other_device.get(URL).content.decode()
    assert 'name="step" value="curiosity"' in html
    assert 'value="mentorship" id="pick-mentorship" checked' in html
    assert "start with <strong>Curiosity</strong>" in html


def test_a_plain_form_post_redirects_back_to_the_current_message(client, newcomer):
    client.force_login(newcomer)
    response = client.post(URL, {"step": "welcome", "action": "continue"})
    assert response.status_code == 302 and response.url == URL + "#now"


def test_htmx_posts_answer_with_the_page_for_swapping(client, newcomer):
    client.force_login(newcomer)
    response = client.post(URL, {"step": "welcome", "action": "continue"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert 'id="onb-chat"' in response.content.decode()


def test_enter_the_collective_goes_home_with_the_points_and_never_comes_back(client, newcomer,
                                                                            django_capture_on_commit_callbacks):
    to_respect(newcomer)
    act(newcomer, "respect", "agree")
    client.force_login(newcomer)
    html = client.get(URL).content.decode()
    assert "Enter the Collective" in html and "<strong class=\"onb-summary__count\">1</strong> offer you listed" in html
    with django_capture_on_commit_callbacks(execute=True):  # the points toast is announced after commit
        response = client.post(URL, {"step": "complete", "action": "finish"})
    assert response.url == "/home/"
    assert "Welcome aboard! You finished onboarding" in client.get("/home/").content.decode()
    assert client.get(URL).url == "/home/"
    assert client.post(URL, {"step": "complete", "action": "finish"}).url == "/home/"
    assert PointsTransaction.objects.filter(member=newcomer, action="complete_onboarding").count() == 1


def test_created_asks_and_offers_show_on_the_profile_at_once(client, newcomer):
    to_generosity(newcomer, picks=["beta_testers"])
    act(newcomer, "generosity", "continue", picks=["writing_help"])
    client.force_login(newcomer)
    html = client.get("/@me/", follow=True).content.decode()
    assert "Looking for beta testers" in html
    assert "Writing &amp; editing help" in html


def test_a_bad_post_gets_ava_saying_so_not_an_error_page(client, newcomer):
    client.force_login(newcomer)
    response = client.post(URL, {"step": "nonsense", "action": "explode"})
    assert response.status_code == 200
    assert "didn&#x27;t catch that" in response.content.decode()
    assert OnboardingState.objects.get(user=newcomer).step == OnboardingStep.WELCOME


def test_the_onboarding_page_costs_a_constant_number_of_queries(client, newcomer, django_assert_max_num_queries):
    to_generosity(newcomer, picks=["beta_testers"])
    client.force_login(newcomer)
    with django_assert_max_num_queries(12) as small:
        client.get(URL)
    act(newcomer, "generosity", "continue", picks=["website_feedback", "design_feedback", "code_review"])
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(URL)


def test_toasts_wait_until_the_member_leaves_onboarding(client, newcomer):
    # A toast over the chat would cover the chips and buttons of the question being answered (phones).
    from economy import toasts

    toasts.announce(newcomer, toasts.Toast(message="@ada followed you", points=5, total=5))
    client.force_login(newcomer)
    assert "@ada followed you" not in client.get(URL).content.decode()
    assert "@ada followed you" in client.get("/home/").content.decode()
