from datetime import timedelta

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from members.factories import UserFactory

from .models import Event


class EventFactory(DjangoModelFactory):
    host = factory.SubFactory(UserFactory, points=600)
    title = factory.Sequence(lambda n: f"Build night {n}")
    description = "We build small **agents** together."
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=3))
    ends_at = factory.LazyAttribute(lambda e: e.starts_at + timedelta(hours=2))
    online_url = "https://meet.example.com/build"
    capacity = 10

    class Meta:
        model = Event
