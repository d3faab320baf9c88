import datetime

import pytest
from django.utils import timezone

from members.factories import UserFactory


def seasoned(username: str, **extra):
    """A member at trust level 2 (Member): two months old, 200 points, has helped someone."""
    user = UserFactory(username=username, **extra)
    type(user).objects.filter(pk=user.pk).update(
        date_joined=timezone.now() - datetime.timedelta(days=30), points=200, helped_count=1)
    user.refresh_from_db()
    return user


@pytest.fixture
def curator(db):
    return UserFactory(username="curie", role="curator", is_staff=True, is_superuser=True)
