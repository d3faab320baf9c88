"""The member-facing offer page editor: add, edit, reorder and remove Offer.content blocks."""
import io
import json
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.images import get_image_model

from collective.factories import OfferFactory
from collective.services import OFFER_CONTENT_MAX_BLOCKS

pytestmark = pytest.mark.django_db


def features_post(prefix="new", rows=(("Fast", "Two minutes"), ("", ""), ("Private", "")), heading="What you get"):
    data = {f"{prefix}-heading": heading, f"{prefix}-rows-TOTAL_FORMS": str(len(rows)),
            f"{prefix}-rows-INITIAL_FORMS": "0"}
    for n, (title, text) in enumerate(rows):
        data[f"{prefix}-rows-{n}-title"], data[f"{prefix}-rows-{n}-text"] = title, text
    return data


def png_upload(name="screenshot.png", size=(40, 30), color="teal"):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, color).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def stored_originals() -> set[str]:
    folder = Path(settings.MEDIA_ROOT) / "original_images"
    return {path.name for path in folder.iterdir()} if folder.exists() else set()


@pytest.fixture
def offer(member):
    return OfferFactory(user=member, title="MeetingBot", content=[])


@pytest.fixture
def signed_in(client, member):
    client.force_login(member)
    return client


def urls(offer, block_id=None):
    if block_id is None:
        return reverse("mine:offer_content", args=[offer.pk]), reverse("mine:offer_content_add", args=[offer.pk])
    return {name: reverse(f"mine:offer_content_{name}", args=[offer.pk, block_id]) for name in ("update", "move", "delete")}


def test_editor_lists_the_block_types_to_add(signed_in, offer):
    html = signed_in.get(urls(offer)[0]).content.decode()
    for label in ("Text", "Feature list", "Button", "Image", "Video", "Questions", "Pricing plans"):
        assert label in html
    assert "Your page is empty" in html


def test_choosing_a_type_without_javascript_opens_its_form(signed_in, offer):
    html = signed_in.get(urls(offer)[0] + "?add=features").content.decode()
    assert 'name="block_type" value="features"' in html and 'name="new-rows-TOTAL_FORMS"' in html


def test_add_two_blocks_and_see_them_on_the_offer_page(signed_in, offer):
    content_url, add_url = urls(offer)
    response = signed_in.post(add_url, {"block_type": "rich_text", "new-text": "Summaries in **two minutes**."})
    assert response.status_code == 302 and response.url.startswith(content_url + "#block-")
    signed_in.post(add_url, {"block_type": "features", **features_post()})
    offer.refresh_from_db()
    assert [block.block_type for block in offer.content] == ["rich_text", "features"]
    features = offer.content[1].value["features"]
    assert [f["title"] for f in features] == ["Fast", "Private"]  # the blank row is dropped
    html = signed_in.get(offer.get_absolute_url()).content.decode()
    assert "<strong>two minutes</strong>" in html and "Private" in html


def test_markup_typed_into_text_is_shown_as_text_never_run(signed_in, offer):
    signed_in.post(urls(offer)[1], {"block_type": "rich_text",
                                    "new-text": '<script>alert(1)</script> [x](javascript:alert(2)) <img src=x onerror=y>'})
    html = signed_in.get(offer.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in html and "&lt;script&gt;" in html
    assert 'href="javascript' not in html and "<img src=x" not in html


def test_invalid_block_shows_errors_keeps_input_and_saves_nothing(signed_in, offer):
    response = signed_in.post(urls(offer)[1], {"block_type": "video", "new-url": "https://example.com/clip",
                                               "new-caption": "My demo"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Use an https link to a YouTube, Vimeo or Loom video." in html
    assert 'value="https://example.com/clip"' in html and 'value="My demo"' in html
    offer.refresh_from_db()
    assert len(offer.content) == 0


def test_half_filled_row_gets_an_error_on_its_field(signed_in, offer):
    response = signed_in.post(urls(offer)[1], {"block_type": "features",
                                               **features_post(rows=(("", "Details without a name"),))})
    html = response.content.decode()
    assert "This field is required." in html and "Details without a name" in html


def test_one_pricing_block_per_page(signed_in, offer):
    pricing = {"block_type": "pricing", "new-heading": "Plans", "new-rows-TOTAL_FORMS": "1",
               "new-rows-INITIAL_FORMS": "0", "new-rows-0-name": "Solo", "new-rows-0-price": "9",
               "new-rows-0-interval": "month", "new-rows-0-features": "One seat"}
    signed_in.post(urls(offer)[1], pricing)
    response = signed_in.post(urls(offer)[1], pricing)
    assert "Pricing" in response.content.decode() and "maximum" in response.content.decode().lower()
    offer.refresh_from_db()
    assert [b.block_type for b in offer.content] == ["pricing"]
    assert offer.content[0].value["tiers"][0]["price_cents"] == 900


def test_edit_a_block_in_place(signed_in, offer):
    signed_in.post(urls(offer)[1], {"block_type": "cta", "new-label": "Try it", "new-url": "https://meetingbot.example",
                                    "new-style": "primary"})
    offer.refresh_from_db()
    block_id = offer.content[0].id
    edit_page = signed_in.get(urls(offer)[0]).content.decode()
    assert 'value="Try it"' in edit_page  # the form starts from the stored value
    signed_in.post(urls(offer, block_id)["update"], {f"b-{block_id}-label": "Start free",
                                                     f"b-{block_id}-url": "https://meetingbot.example/start",
                                                     f"b-{block_id}-style": "secondary"})
    offer.refresh_from_db()
    assert offer.content[0].id == block_id
    assert offer.content[0].value["label"] == "Start free" and offer.content[0].value["style"] == "secondary"


def test_text_edits_round_trip_through_the_plain_text_form(signed_in, offer):
    signed_in.post(urls(offer)[1], {"block_type": "rich_text", "new-text": "## Why\n\n- **fast**\n- private"})
    html = signed_in.get(urls(offer)[0]).content.decode()
    assert "## Why\n\n- **fast**\n- private</textarea>" in html


def test_reorder_and_remove_blocks(signed_in, offer):
    add = urls(offer)[1]
    for text in ("First", "Second", "Third"):
        signed_in.post(add, {"block_type": "rich_text", "new-text": text})
    offer.refresh_from_db()
    third = offer.content[2].id
    signed_in.post(urls(offer, third)["move"], {"direction": "up"})
    offer.refresh_from_db()
    assert [str(b.value) for b in offer.content] == ["<p>First</p>", "<p>Third</p>", "<p>Second</p>"]
    first = offer.content[0].id
    signed_in.post(urls(offer, first)["move"], {"direction": "up"})  # already first: nothing moves
    signed_in.post(urls(offer, first)["delete"])
    offer.refresh_from_db()
    assert [str(b.value) for b in offer.content] == ["<p>Third</p>", "<p>Second</p>"]


def test_htmx_requests_get_the_editor_back_with_a_toast(signed_in, offer):
    response = signed_in.post(urls(offer)[1], {"block_type": "rich_text", "new-text": "Hello"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="content-editor"') and "<html" not in html
    assert json.loads(response["HX-Trigger"])["toast"]["message"] == "Text block added."
    errors = signed_in.post(urls(offer)[1], {"block_type": "cta", "new-label": "", "new-url": "nope"},
                            HTTP_HX_REQUEST="true")
    assert errors.status_code == 200 and "This field is required." in errors.content.decode()


def test_blocks_from_the_admin_that_the_editor_cant_edit_are_kept(signed_in, member):
    from wagtail.images.tests.utils import get_test_image_file

    image = get_image_model().objects.create(title="Screenshot", file=get_test_image_file())
    gallery = {"title": "", "images": [{"type": "item", "id": str(uuid.uuid4()),
                                        "value": {"image": image.pk, "alt_text": "UI", "caption": ""}}]}
    offer = OfferFactory(user=member, content=[{"type": "gallery", "value": gallery}])
    html = signed_in.get(urls(offer)[0]).content.decode()
    assert "managed by the team in the admin" in html
    signed_in.post(urls(offer)[1], {"block_type": "rich_text", "new-text": "Below the picture"})
    offer.refresh_from_db()
    assert [b.block_type for b in offer.content] == ["gallery", "rich_text"]
    assert offer.content[0].value["images"][0]["image"].pk == image.pk
    block_id = offer.content[0].id
    assert signed_in.post(urls(offer, block_id)["update"], {f"b-{block_id}-title": "Mine"}).status_code == 404


# --- Image blocks: the member uploads the image -----------------------------------------------------

def add_image(client, offer, **fields):
    data = {"block_type": "image", "new-image": png_upload(), "new-alt_text": "The weekly summary email",
            "new-caption": "What lands in your inbox"}
    data.update({f"new-{name}": value for name, value in fields.items()})
    return client.post(urls(offer)[1], {k: v for k, v in data.items() if v is not None})


def test_add_an_image_block_and_see_it_on_the_offer_page(signed_in, offer, member):
    form_html = signed_in.get(urls(offer)[0] + "?add=image").content.decode()
    assert 'enctype="multipart/form-data"' in form_html and 'type="file" name="new-image"' in form_html
    assert 'accept="image/*' in form_html and "Describe the image" in form_html
    response = add_image(signed_in, offer)
    assert response.status_code == 302
    offer.refresh_from_db()
    value = offer.content[0].value
    assert offer.content[0].block_type == "image" and value["alt_text"] == "The weekly summary email"
    image = value["image"]
    assert image.uploaded_by_user == member and image.title == "The weekly summary email"
    assert image.file_size and image.file_hash and image.width == 40
    html = signed_in.get(offer.get_absolute_url()).content.decode()
    rendition = image.renditions.get()  # made while rendering the page
    assert f'src="{rendition.url}"' in html and 'alt="The weekly summary email"' in html
    assert "What lands in your inbox" in html


def test_editing_alt_text_keeps_the_image(signed_in, offer):
    add_image(signed_in, offer)
    offer.refresh_from_db()
    block_id, image = offer.content[0].id, offer.content[0].value["image"]
    edit_page = signed_in.get(urls(offer)[0]).content.decode()
    assert "Current image" in edit_page and "Replace image" in edit_page
    assert 'value="The weekly summary email"' in edit_page
    response = signed_in.post(urls(offer, block_id)["update"], {f"b-{block_id}-alt_text": "Three action items",
                                                                f"b-{block_id}-caption": ""})
    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.content[0].value["image"].pk == image.pk
    assert offer.content[0].value["alt_text"] == "Three action items"
    assert get_image_model().objects.count() == 1


def test_a_new_upload_replaces_the_image(signed_in, offer, member):
    add_image(signed_in, offer)
    offer.refresh_from_db()
    block_id, old = offer.content[0].id, offer.content[0].value["image"]
    signed_in.post(urls(offer, block_id)["update"], {f"b-{block_id}-image": png_upload("new.png", color="orange"),
                                                     f"b-{block_id}-alt_text": "The new dashboard"})
    offer.refresh_from_db()
    new = offer.content[0].value["image"]
    assert new.pk != old.pk and new.uploaded_by_user == member and new.title == "The new dashboard"


def test_an_image_id_sent_by_the_browser_is_never_used(signed_in, offer, other_member):
    from wagtail.images.tests.utils import get_test_image_file

    someone_elses = get_image_model().objects.create(title="Private", file=get_test_image_file(),
                                                     uploaded_by_user=other_member)
    response = signed_in.post(urls(offer)[1], {"block_type": "image", "new-image": str(someone_elses.pk)})
    assert "This field is required." in response.content.decode()
    offer.refresh_from_db()
    assert len(offer.content) == 0
    add_image(signed_in, offer)
    offer.refresh_from_db()
    block_id, own = offer.content[0].id, offer.content[0].value["image"]
    signed_in.post(urls(offer, block_id)["update"], {f"b-{block_id}-image": str(someone_elses.pk),
                                                     f"b-{block_id}-alt_text": "Swapped?"})
    offer.refresh_from_db()
    assert offer.content[0].value["image"].pk == own.pk


@pytest.mark.parametrize(("upload", "error"), [
    (lambda: None, "This field is required."),
    (lambda: SimpleUploadedFile("notes.png", b"not really a picture", content_type="image/png"),
     "Upload a valid image."),
    (lambda: png_upload("drawing.svg"), "Not a supported image format."),
])
def test_a_bad_or_missing_upload_is_a_field_error_and_saves_nothing(signed_in, offer, upload, error):
    before = stored_originals()
    response = add_image(signed_in, offer, image=upload())
    html = response.content.decode()
    assert response.status_code == 200 and error in html and "field--invalid" in html
    assert 'value="The weekly summary email"' in html  # the rest of the input is kept
    offer.refresh_from_db()
    assert len(offer.content) == 0
    assert get_image_model().objects.count() == 0 and stored_originals() == before


@override_settings(WAGTAILIMAGES_MAX_UPLOAD_SIZE=20)  # bytes: smaller than any PNG
def test_an_image_over_the_size_limit_is_refused(signed_in, offer):
    response = add_image(signed_in, offer)
    assert "This file is too big" in response.content.decode()
    assert get_image_model().objects.count() == 0


def test_a_failed_save_leaves_no_image_behind(signed_in, member):
    full = [{"type": "rich_text", "value": f"<p>{n}</p>", "id": str(uuid.uuid4())}
            for n in range(OFFER_CONTENT_MAX_BLOCKS)]
    offer = OfferFactory(user=member, content=full)
    before = stored_originals()
    response = add_image(signed_in, offer)
    assert f"up to {OFFER_CONTENT_MAX_BLOCKS} blocks" in response.content.decode()
    assert get_image_model().objects.count() == 0 and stored_originals() == before


def test_members_cant_add_images_to_someone_elses_offer(client, offer, other_member):
    client.force_login(other_member)
    assert add_image(client, offer).status_code == 404
    assert get_image_model().objects.count() == 0
    offer.refresh_from_db()
    assert len(offer.content) == 0


def test_unknown_block_or_type_is_refused(signed_in, offer):
    content_url, add_url = urls(offer)
    page = signed_in.post(add_url, {"block_type": "script", "new-text": "<script>x</script>"}, follow=True)
    assert page.redirect_chain == [(content_url, 302)]
    assert [(m.level_tag, m.message) for m in page.context["messages"]] == [("error", "Choose a kind of block to add.")]
    htmx = signed_in.post(add_url, {"block_type": "script"}, headers={"HX-Request": "true"})
    assert json.loads(htmx["HX-Trigger"])["toast"] == {"message": "Choose a kind of block to add.", "level": "error"}
    offer.refresh_from_db()
    assert len(offer.content) == 0
    # Positive control: a known type through the same form is added and says so.
    added = signed_in.post(add_url, {"block_type": "rich_text", "new-text": "Hello"}, follow=True)
    assert [(m.level_tag, m.message) for m in added.context["messages"]] == [("success", "Text block added.")]
    offer.refresh_from_db()
    block_id = offer.content[0].id
    assert signed_in.post(urls(offer, "no-such-block")["delete"]).status_code == 404
    offer.refresh_from_db()
    assert [block.id for block in offer.content] == [block_id]


def test_archived_offers_cant_be_edited(signed_in, member):
    offer = OfferFactory(user=member, status="archived")
    assert signed_in.get(urls(offer)[0]).status_code == 404


def test_editor_query_count_does_not_grow_with_blocks(signed_in, offer, django_assert_max_num_queries):
    signed_in.post(urls(offer)[1], {"block_type": "rich_text", "new-text": "One"})
    with django_assert_max_num_queries(25) as small:
        signed_in.get(urls(offer)[0])
    baseline = len(small.captured_queries)  # read now: every request resets the connection's query log
    for n in range(8):
        signed_in.post(urls(offer)[1], {"block_type": "features", **features_post(rows=((f"F{n}", ""),))})
    with django_assert_max_num_queries(baseline):
        signed_in.get(urls(offer)[0])
