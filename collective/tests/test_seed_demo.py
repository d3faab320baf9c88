"""`manage.py seed_demo`: the demo community is varied, consistent, idempotent and refused in production."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count, F, Sum

from collective.choices import (
    AskType,
    ConnectionStatus,
    ConnectionType,
    OfferStatus,
    OfferType,
    PricingType,
    TaxonomyType,
)
from collective.management.commands.seed_demo import ADMIN_EMAIL, ADMIN_USERNAME, CORE_TEAM, DEMO_PASSWORD
from collective.models import Ask, Connection, Offer, Taxonomy
from collective.search import lexical_ranking
from collective.services import OFFER_CATEGORIES
from members.models import Follow, User

pytestmark = pytest.mark.django_db

NOT_DEMO = [*CORE_TEAM, ADMIN_USERNAME]


def seed(**options) -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out, **options)
    return out.getvalue()


def snapshot() -> dict:
    return {
        "users": User.objects.count(),
        "offers": Offer.objects.count(),
        "asks": Ask.objects.count(),
        "follows": Follow.objects.count(),
        "connections": Connection.objects.count(),
        "tools": Taxonomy.objects.filter(taxonomy_type=TaxonomyType.TOOL).count(),
        "counters": sorted(User.objects.values_list("username", "helped_count", "followers_count", "following_count")),
        "offer_connections": sorted(Offer.objects.values_list("pk", "connection_count", "updated_at")),
        "ask_responses": sorted(Ask.objects.values_list("pk", "response_count", "updated_at")),
        "connection_rows": sorted(Connection.objects.values_list("pk", "status", "helped_counted", "updated_at")),
    }


def test_seed_demo_creates_a_varied_consistent_community():
    # A tool term that already exists (e.g. from the tools directory) is adopted, not duplicated.
    claude = Taxonomy.objects.create(taxonomy_type=TaxonomyType.TOOL, name="Claude", slug="claude")

    output = seed()

    demo_members = User.objects.exclude(username__in=NOT_DEMO)
    assert demo_members.count() >= 30
    assert Offer.objects.count() >= 80
    assert set(Offer.objects.values_list("offer_type", flat=True)) == set(OfferType.values)
    assert set(Offer.objects.values_list("category__slug", flat=True)) == {slug for slug, _, _ in OFFER_CATEGORIES}
    assert set(Offer.objects.values_list("pricing_type", flat=True)) == set(PricingType.values)
    assert {OfferStatus.ACTIVE, OfferStatus.DRAFT, OfferStatus.PAUSED} <= set(
        Offer.objects.values_list("status", flat=True)
    )
    assert Offer.objects.filter(status=OfferStatus.ACTIVE).count() > Offer.objects.count() * 0.8
    assert not Offer.objects.filter(pricing_type=PricingType.FREE).exclude(price_cents=0, is_paid=False).exists()
    assert not Offer.objects.filter(pricing_type__in=["one_time", "hourly", "monthly"], price_cents=0).exists()
    assert Offer.objects.filter(tools__isnull=False).distinct().count() > Offer.objects.count() / 2
    assert sum(1 for content in Offer.objects.values_list("content", flat=True) if content) >= 15
    # StreamField content reads back through the blocks, list items included.
    ghostwriting = Offer.objects.get(user__username="mayaokafor", slug="blog-ghostwriting")
    blocks = {child.block_type: child.value for child in ghostwriting.content}
    assert blocks["features"]["features"][0]["title"] == "A 20-minute voice interview"
    assert [tier["name"] for tier in blocks["pricing"]["tiers"]] == ["Single post", "Monthly bundle"]
    assert blocks["faq"]["items"][0]["question"] == "Is the post written by AI?"
    assert Offer.objects.filter(user__username="sage", offer_type=OfferType.COURSE).count() >= 3
    assert Offer.objects.filter(user__username="allierays").exists()
    assert Ask.objects.filter(user__username="allierays").exists()

    assert Ask.objects.count() >= 40
    assert set(Ask.objects.values_list("ask_type", flat=True)) == set(AskType.values)
    assert set(Ask.objects.values_list("category__slug", flat=True)) == {slug for slug, _, _ in OFFER_CATEGORIES}
    assert Ask.objects.filter(is_paid_opportunity=True, budget_max_cents__isnull=False).exists()

    # Follows: everyone follows 3–10 others, never themselves; counters match the rows.
    following = dict(
        Follow.objects.values("follower__username").annotate(n=Count("id")).values_list("follower__username", "n")
    )
    for member in demo_members:
        assert 3 <= following.get(member.username, 0) <= 10, member.username
        assert member.following_count == following[member.username]
    assert not Follow.objects.filter(follower_id=F("following_id")).exists()

    # Connections: every status and type, consistent with their ask/offer, completed ones rated.
    assert Connection.objects.count() >= 30
    assert set(Connection.objects.values_list("status", flat=True)) == set(ConnectionStatus.values)
    assert set(Connection.objects.values_list("connection_type", flat=True)) == set(ConnectionType.values)
    for conn in Connection.objects.select_related("ask", "offer"):
        if conn.connection_type == ConnectionType.ASK_RESPONSE:
            assert conn.ask and conn.offer is None and conn.responder_id == conn.ask.user_id
        elif conn.connection_type == ConnectionType.OFFER_INQUIRY:
            assert conn.offer and conn.ask is None and conn.responder_id == conn.offer.user_id
        else:
            assert conn.ask is None and conn.offer is None
        assert conn.initiator_id != conn.responder_id and conn.initial_message
        assert conn.dm_thread is not None
        assert set(conn.dm_thread.participants.values_list("pk", flat=True)) == {conn.initiator_id, conn.responder_id}
    completed = Connection.objects.filter(status=ConnectionStatus.COMPLETED)
    assert not completed.filter(completed_at__isnull=True).exists()
    assert not completed.filter(initiator_rating__isnull=True, responder_rating__isnull=True).exists()
    assert completed.filter(helped_counted=True).count() == completed.count()
    assert User.objects.aggregate(total=Sum("helped_count"))["total"] == completed.count()

    # Accounts: demo password on demo members, the demo superuser, the core team untouched.
    assert demo_members.first().check_password(DEMO_PASSWORD)
    admin = User.objects.get(username=ADMIN_USERNAME)
    assert admin.is_superuser and admin.is_staff and admin.role == "curator" and admin.email == ADMIN_EMAIL
    assert admin.check_password("admin")
    assert User.objects.get(username="sage").is_agent

    # Tools exist as taxonomy terms (the existing one reused), and the blog writing offer is findable.
    assert Taxonomy.objects.filter(slug="claude").count() == 1
    assert Offer.objects.filter(tools=claude).exists()
    assert Taxonomy.objects.filter(
        taxonomy_type=TaxonomyType.TOOL, slug="n8n", website_url__startswith="https://"
    ).exists()
    ranked = lexical_ranking(Offer.objects.all(), "help writing blog posts", 5)
    assert "Blog post ghostwriting with Claude" in [Offer.objects.get(pk=pk).title for pk in ranked]

    assert "members:" in output and "connections:" in output


def test_seed_demo_twice_changes_nothing():
    seed()
    admin = User.objects.get(username=ADMIN_USERNAME)
    admin.set_password("changed-by-the-admin")
    admin.save()
    before = snapshot()

    output = seed()

    assert snapshot() == before
    for name in ("members", "offers", "asks", "follows", "connections"):
        line = next(line for line in output.splitlines() if line.strip().startswith(f"{name}:"))
        assert " 0 created" in line and "updated" not in line, line
    assert User.objects.get(username=ADMIN_USERNAME).check_password("changed-by-the-admin")


def test_seed_demo_is_refused_unless_allowed(settings):
    settings.DEMO_SEED_ALLOWED = False
    with pytest.raises(CommandError, match="DEMO_SEED_ALLOWED"):
        seed()
    assert not User.objects.filter(username=ADMIN_USERNAME).exists()
    assert not Offer.objects.exists()


@pytest.mark.parametrize(
    ("yaml_text", "expected"),
    [
        (
            "offers:\n  - {owner: allierays, title: Hi, description: x, offer_type: app, category: other, "
            "pricing_type: freee}\n",
            r'offers\[0\] \("Hi"\), field "pricing_type"',
        ),
        (
            "offers:\n  - {owner: nobody, title: Hi, description: x, offer_type: app, category: other}\n",
            r'offers\[0\] \("Hi"\), field "owner"',
        ),
        (
            "offers:\n  - {owner: allierays, title: Hi, description: x, offer_type: app, category: other,\n"
            "     content: [{type: cta, value: {label: Go, url: not-a-url}}]}\n",
            r'offers\[0\] \("Hi"\), field "content"',
        ),
        (
            "asks:\n  - {owner: sage, title: Hi, description: x, ask_type: advice, category: other, "
            "budget_min_cents: 5, budget_max_cents: 1}\n",
            r'asks\[0\] \("Hi"\), field "budget_min_cents"',
        ),
        ("members: [\n  - : :\n", "not valid YAML"),
    ],
)
def test_bad_yaml_is_a_command_error_naming_entry_and_field(tmp_path, yaml_text, expected):
    path = tmp_path / "demo.yaml"
    path.write_text(yaml_text)
    with pytest.raises(CommandError, match=expected):
        seed(file=str(path))
    assert not Offer.objects.exists() and not Ask.objects.exists()
