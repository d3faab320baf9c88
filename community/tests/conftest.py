"""Fixtures of the community tests: members on both sides of each unlock, a page tree with a challenge."""
from datetime import timedelta

import pytest
from django.utils import timezone
from wagtail.models import Page

from community.models import ChallengePage, CommunityIndexPage
from members.factories import UserFactory


@pytest.fixture
def host(db):
    return UserFactory(username="hana", points=600)


@pytest.fixture
def community_index(db):
    root = Page.get_first_root_node()
    home = root.get_children().first() or root
    index = CommunityIndexPage.objects.first()
    if index is None:
        index = home.add_child(instance=CommunityIndexPage(title="Community", slug="community-pages"))
    return index


@pytest.fixture
def challenge(community_index):
    today = timezone.now().date()
    page = ChallengePage(title="Ship a tiny agent", slug="ship-a-tiny-agent", week_start=today - timedelta(days=1),
                         week_end=today + timedelta(days=5), participation_points=10, pick_points=50,
                         brief=[("rich_text", "<p>Build an agent that does one thing well.</p>")])
    community_index.add_child(instance=page)
    page.save_revision().publish()
    return page
