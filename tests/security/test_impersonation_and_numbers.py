"""Display names can't impersonate another member, and money is written in ASCII digits (issue 18: names
could copy another member's exactly, with right-to-left overrides and zero-width characters; "١٢٣"
was accepted as $123)."""
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from rest_framework.test import APIClient

from collective.forms import AskForm, OfferForm
from core.text import normalize_name
from economy.forms import ConvertForm
from members import services
from members.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("raw, expected", [
    ("Ａｄａ　Ｌｏｖｅｌａｃｅ", "Ada Lovelace"),          # full-width letters and space
    ("Ada\u200bLove\u200dlace", "AdaLovelace"),            # zero-width space and joiner
    ("\u202eecalevoL adA", "ecalevoL adA"),               # right-to-left override
    ("Ada \u2066Lovelace\u2069", "Ada Lovelace"),          # isolates
    ("𝐀𝐝𝐚", "Ada"),                                      # mathematical bold
    ("  Ada \t\n  Lovelace ", "Ada Lovelace"),
    ("Ada\u00adLovelace\ufeff", "AdaLovelace"),            # soft hyphen, BOM
])
def test_names_are_normalised(raw, expected):
    assert normalize_name(raw) == expected


@pytest.fixture
def grace():
    return UserFactory(username="grace", display_name="Grace Hopper")


@pytest.fixture
def ada():
    return UserFactory(username="ada", display_name="Ada")


@pytest.mark.parametrize("copy", ["Grace Hopper", "grace hopper", "GRACE HOPPER", "Ｇｒａｃｅ Ｈｏｐｐｅｒ",
                                  "Grace\u200b Hopper", "\u202aGrace Hopper\u202c", "grace", "@grace", "@Grace"])
def test_another_members_name_or_username_is_refused(grace, ada, copy):
    with pytest.raises(ValidationError) as error:
        services.profile_update(member=ada, display_name=copy, tagline="", bio="")
    assert "display_name" in error.value.message_dict
    ada.refresh_from_db()
    assert ada.display_name == "Ada"


def test_my_own_name_and_fresh_names_are_fine(grace, ada):
    services.profile_update(member=grace, display_name="Grace  Hopper\u200b", tagline="", bio="")
    assert grace.display_name == "Grace Hopper"
    services.profile_update(member=ada, display_name="Ａｄａ Ｌ.", tagline="", bio="")
    ada.refresh_from_db()
    assert ada.display_name == "Ada L."


def test_the_settings_page_shows_the_refusal(client, grace, ada):
    client.force_login(ada)
    response = client.post("/settings/", {"display_name": "Grace Hopper", "tagline": "", "bio": ""})
    assert response.status_code == 200
    assert "Another member already goes by that name" in response.content.decode()


@pytest.mark.parametrize("digits", ["١٢٣", "१२३", "１２３", "12٣", "𝟏𝟐𝟑", "1_000", "1e3"])
def test_money_in_forms_takes_ascii_digits_only(digits):
    offer = OfferForm(data={"price": digits})
    offer.is_valid()
    assert "price" in offer.errors, digits
    ask = AskForm(data={"budget_min": digits, "budget_max": digits})
    ask.is_valid()
    assert "budget_min" in ask.errors and "budget_max" in ask.errors
    convert = ConvertForm(data={"points": digits})
    convert.is_valid()
    assert "points" in convert.errors


def test_plain_prices_still_work():
    field = OfferForm().fields["price"]
    assert field.clean("12.50") == Decimal("12.50")
    assert field.clean(" 7 ") == Decimal("7")


@pytest.mark.parametrize("digits", ["١٢٣", "１２３"])
def test_money_in_the_api_takes_ascii_digits_only(ada, grace, digits):
    api = APIClient()
    api.force_authenticate(ada)
    response = api.post("/api/v1/economy/gifts/points/", {"recipient": "grace", "amount": digits}, format="json")
    assert response.status_code == 400
    assert "amount" in response.json()["error"]["fields"]
