"""/settings/: profile (name, tagline, bio, photo), username, and the tab bar other features extend."""
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from members.factories import UserFactory
from members.forms import AVATAR_MAX_BYTES
from members.settings_nav import _TABS, register_settings_tab

pytestmark = pytest.mark.django_db


def image_file(name="me.png", size=(128, 128), fmt="PNG") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (120, 80, 200)).save(buffer, fmt)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{fmt.lower()}")


def test_settings_need_a_signed_in_member(client):
    assert client.get("/settings/").url.startswith("/accounts/login/")
    assert client.get("/settings/account/").url.startswith("/accounts/login/")


def test_member_updates_name_tagline_and_bio(client, member):
    client.force_login(member)
    response = client.post("/settings/", {"display_name": "Ada L.", "tagline": "Analytical engines",
                                          "bio": "I write programs for machines that don't exist yet."})
    assert response.status_code == 302
    member.refresh_from_db()
    assert (member.display_name, member.tagline) == ("Ada L.", "Analytical engines")
    assert "Analytical engines" in client.get("/@ada/").content.decode()


def test_avatar_upload_is_stored_under_a_random_name_and_shown(client, member):
    client.force_login(member)
    response = client.post("/settings/", {"display_name": "Ada", "tagline": "", "bio": "",
                                          "avatar": image_file("my holiday photo.png")})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.avatar.name.startswith("avatars/") and "holiday" not in member.avatar.name
    assert member.avatar.name.endswith(".png")
    assert member.avatar.url in client.get("/@ada/").content.decode()


@pytest.mark.parametrize(("upload", "message"), [
    (SimpleUploadedFile("notes.png", b"not an image at all", content_type="image/png"), "Upload a valid image"),
    (None, "smaller than 64"),
    (None, "over 2 MB"),
])
def test_bad_avatar_uploads_are_refused_with_a_reason(client, member, upload, message):
    if upload is None and "64" in message:
        upload = image_file(size=(20, 20))
    elif upload is None:
        upload = SimpleUploadedFile("big.png", image_file(size=(64, 64)).read() + b"\0" * AVATAR_MAX_BYTES,
                                    content_type="image/png")
    client.force_login(member)
    response = client.post("/settings/", {"display_name": "Keep me", "tagline": "", "bio": "", "avatar": upload})
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert 'value="Keep me"' in html  # what was typed is kept
    member.refresh_from_db()
    assert not member.avatar and member.display_name == "Ada Lovelace"


def test_too_long_bio_is_an_error_on_the_field(client, member):
    client.force_login(member)
    html = client.post("/settings/", {"display_name": "Ada", "tagline": "", "bio": "x" * 501}).content.decode()
    assert "at most 500 characters" in html


def test_member_changes_username_and_the_profile_moves(client, member):
    client.force_login(member)
    response = client.post("/settings/account/", {"username": "countess-ada"})
    assert response.status_code == 302
    assert client.get("/@countess-ada/").status_code == 200
    assert client.get("/@ada/").status_code == 404


@pytest.mark.parametrize(("username", "message"), [
    ("GRACE", "That username is taken."),
    ("settings", "is reserved"),
    ("a!", "Use 3–30 letters"),
    ("_ada", "Use 3–30 letters"),
])
def test_username_rules_are_enforced_with_field_errors(client, member, other_member, username, message):
    client.force_login(member)
    response = client.post("/settings/account/", {"username": username})
    html = response.content.decode()
    assert response.status_code == 200 and message in html
    assert f'value="{username}"' in html
    member.refresh_from_db()
    assert member.username == "ada"


def test_account_page_links_to_email_and_password_pages(client, member):
    client.force_login(member)
    html = client.get("/settings/account/").content.decode()
    assert "/accounts/email/" in html and "/accounts/password/change/" in html


def test_other_features_can_add_a_settings_tab(client, member):
    register_settings_tab("Notifications", "/settings/notifications/", icon="bell", order=30)
    try:
        client.force_login(member)
        html = client.get("/settings/").content.decode()
        assert html.index(">Profile<") < html.index(">Account<") < html.index(">Notifications<")
        assert 'href="/settings/" aria-current="page"' in html
    finally:
        _TABS.pop("/settings/notifications/")


def test_settings_pages_use_a_constant_number_of_queries(client, django_assert_max_num_queries):
    member = UserFactory()
    client.force_login(member)
    with django_assert_max_num_queries(20):
        assert client.get("/settings/").status_code == 200
    with django_assert_max_num_queries(20):
        assert client.get("/settings/account/").status_code == 200
