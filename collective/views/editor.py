"""The offer page editor (/my/offers/<pk>/content/): add, edit, reorder and remove content blocks.

Every action is a plain form post that redirects back (works without JavaScript); with htmx the same
forms swap the editor in place. The blocks are Offer.content itself; collective.services.offer_content_set
validates the whole stream again before it is saved. Forms may carry files (image blocks), so both the
add and edit forms post multipart data.
"""
import json
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from core.errors import ApplicationError

from .. import services
from ..content_forms import BLOCK_FORMS, BlockForm, block_label
from .mine import _own_offer


def _editable_offer(request, pk: int):
    offer = _own_offer(request, pk)
    if offer.is_archived:
        raise Http404("Archived offers can't be edited")
    return offer


def _raw_blocks(offer) -> list[dict]:
    return [dict(item) for item in offer.content.raw_data]


def _block_index(blocks: list[dict], block_id: str) -> int:
    for index, block in enumerate(blocks):
        if block.get("id") == block_id:
            return index
    raise Http404("No such block")


def _editor_context(offer, *, add_form=None, bound_forms=None, open_id: str = "") -> dict:
    bound_forms = bound_forms or {}
    rows = []
    for raw, child in zip(offer.content.raw_data, offer.content, strict=False):
        form_class = BLOCK_FORMS.get(raw["type"])
        label, icon = block_label(raw["type"])
        form = bound_forms.get(raw["id"]) or (
            form_class(value=raw["value"], prefix=f"b-{raw['id']}") if form_class else None)
        rows.append({"id": raw["id"], "type": raw["type"], "label": label, "icon": icon, "form": form,
                     "child": child, "open": raw["id"] == open_id or bool(form is not None and form.has_errors())})
    return {
        "offer": offer,
        "blocks": rows,
        "add_form": add_form,
        "block_types": [{"type": key, "label": cls.type_label, "icon": cls.type_icon,
                         "description": cls.type_description} for key, cls in BLOCK_FORMS.items()],
        "max_blocks": services.OFFER_CONTENT_MAX_BLOCKS,
    }


def _render(request, offer, **kwargs):
    template = "collective/my/partials/content_editor.html" if request.htmx else "collective/my/offer_content.html"
    return render(request, template, _editor_context(offer, **kwargs))


def _done(request, offer, message: str, *, anchor: str = ""):
    """After a successful change: the fresh editor for htmx (with a toast), else a redirect back to it."""
    if request.htmx:
        offer.refresh_from_db()
        response = _render(request, offer)
        response["HX-Trigger"] = json.dumps({"toast": {"message": message, "level": "success"}})
        return response
    messages.success(request, message)
    return redirect(reverse("mine:offer_content", args=[offer.pk]) + (f"#block-{anchor}" if anchor else ""))


def _fail(request, offer, error: ApplicationError):
    if request.htmx:
        response = _render(request, offer)
        response["HX-Trigger"] = json.dumps({"toast": {"message": error.message, "level": "error"}})
        return response
    messages.error(request, error.message)
    return redirect("mine:offer_content", pk=offer.pk)


def _save_block(request, offer, form: BlockForm, blocks_with) -> bool:
    """Validate `form` and save the stream `blocks_with(raw_value)` in one transaction.

    Validation may write (an uploaded image becomes a Wagtail image), so a failed save rolls that back too.
    """
    with transaction.atomic():
        saved = form.is_valid()
        if saved:
            try:
                services.offer_content_set(offer=offer, actor=request.user, blocks=blocks_with(form.raw_value))
            except ApplicationError as error:
                form.add_error(None, error.message)
                saved = False
        if not saved:
            transaction.set_rollback(True)
    if not saved:
        form.discard()
    return saved


@login_required
def content(request, pk: int):
    offer = _editable_offer(request, pk)
    add_type = request.GET.get("add", "")
    add_form = BLOCK_FORMS[add_type](prefix="new") if add_type in BLOCK_FORMS else None
    return _render(request, offer, add_form=add_form)


@login_required
@require_POST
def content_add(request, pk: int):
    offer = _editable_offer(request, pk)
    form_class = BLOCK_FORMS.get(request.POST.get("block_type", ""))
    if form_class is None:
        return _fail(request, offer, ApplicationError("Choose a kind of block to add."))
    form = form_class(request.POST, request.FILES, prefix="new", user=request.user)
    block_id = str(uuid.uuid4())
    if _save_block(request, offer, form, lambda raw: [*_raw_blocks(offer),
                                                      {"type": form_class.block_type, "value": raw, "id": block_id}]):
        return _done(request, offer, f"{form_class.type_label} block added.", anchor=block_id)
    return _render(request, offer, add_form=form)


@login_required
@require_POST
def content_update(request, pk: int, block_id: str):
    offer = _editable_offer(request, pk)
    blocks = _raw_blocks(offer)
    index = _block_index(blocks, block_id)
    form_class = BLOCK_FORMS.get(blocks[index]["type"])
    if form_class is None:
        raise Http404("This block is edited in the admin")
    form = form_class(request.POST, request.FILES, value=blocks[index]["value"], prefix=f"b-{block_id}",
                      user=request.user)

    def blocks_with(raw):
        return [*blocks[:index], {**blocks[index], "value": raw}, *blocks[index + 1:]]

    if _save_block(request, offer, form, blocks_with):
        return _done(request, offer, f"{form_class.type_label} block saved.", anchor=block_id)
    return _render(request, offer, bound_forms={block_id: form}, open_id=block_id)


@login_required
@require_POST
def content_move(request, pk: int, block_id: str):
    offer = _editable_offer(request, pk)
    blocks = _raw_blocks(offer)
    index = _block_index(blocks, block_id)
    target = index - 1 if request.POST.get("direction") == "up" else index + 1
    if 0 <= target < len(blocks):
        blocks[index], blocks[target] = blocks[target], blocks[index]
        try:
            services.offer_content_set(offer=offer, actor=request.user, blocks=blocks)
        except ApplicationError as error:
            return _fail(request, offer, error)
    return _done(request, offer, "Block moved.", anchor=block_id)


@login_required
@require_POST
def content_delete(request, pk: int, block_id: str):
    offer = _editable_offer(request, pk)
    blocks = _raw_blocks(offer)
    index = _block_index(blocks, block_id)
    label, _ = block_label(blocks[index]["type"])
    del blocks[index]
    try:
        services.offer_content_set(offer=offer, actor=request.user, blocks=blocks)
    except ApplicationError as error:
        return _fail(request, offer, error)
    return _done(request, offer, f"{label} block removed.")
