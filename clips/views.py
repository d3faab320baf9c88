"""/creator/clips/: make a clip, watch it render, download, copy captions, delete. Owner-only (404 otherwise)."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from core.errors import ApplicationError, NotFound

from . import render as drawing
from . import selectors, services, sources
from .forms import ClipForm, CoverGenerateForm, CoverUploadForm

PER_PAGE = 12


def _clip(request, pk: int):
    try:
        return selectors.clip_of(request.user, pk)
    except NotFound as error:
        raise Http404(error.message) from error


@login_required
def clips_home(request):
    video = drawing.video_available()
    form = ClipForm(request.POST or None, sources=sources.choices_for(request.user), video=video)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                clip = services.clip_create(owner=request.user, **form.service_data())
            except ApplicationError as error:
                if error.status == 402:  # short of credits: say how to get them, keep nothing half-made
                    return render(request, "clips/short.html", {"cost": services.CLIP_COST, "message": error.message},
                                  status=402)
                form.add_application_error(error)
            else:
                return redirect("clips:detail", pk=clip.pk)
    page = Paginator(selectors.clips_of(request.user), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "clips/index.html", {
        "form": form, "page_obj": page, "cost": services.CLIP_COST, "video_available": video,
        "themes": drawing.THEMES,
    }, status=status)


@login_required
def clip_detail(request, pk: int):
    clip = _clip(request, pk)
    return render(request, "clips/detail.html", {"clip": clip})


@login_required
@require_GET
def clip_status(request, pk: int):
    """The htmx poll while a clip renders. Once it is done, htmx reloads the page (captions, downloads)."""
    clip = _clip(request, pk)
    response = render(request, "clips/partials/status.html", {"clip": clip})
    if not clip.is_busy and request.htmx:
        response["HX-Refresh"] = "true"
    return response


@login_required
@require_GET
def clip_download(request, pk: int, kind: str):
    clip = _clip(request, pk)
    if kind not in ("png", "mp4"):
        raise Http404("No such file.")
    field = clip.image if kind == "png" else clip.video
    if not field:
        raise Http404("Nothing to download yet.")
    name = f"allthrive-clip-{clip.pk}.{kind}"
    return FileResponse(field.open("rb"), as_attachment=True, filename=name)


@login_required
@require_POST
def clip_delete(request, pk: int):
    services.clip_delete(owner=request.user, clip=_clip(request, pk))
    messages.success(request, "Clip deleted.")
    return redirect(reverse("clips:index"))


@login_required
def cover(request, kind: str, pk: int):
    """/creator/covers/<offer|course>/<id>/: upload a cover, or generate one (free offline, credits with a model)."""
    try:
        target = selectors.cover_target(request.user, kind, pk)
    except NotFound as error:
        raise Http404(error.message) from error
    upload_form = CoverUploadForm()
    generate_form = CoverGenerateForm()
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "upload":
                upload_form = CoverUploadForm(request.POST, request.FILES)
                if upload_form.is_valid():
                    services.cover_upload(owner=request.user, target=target, file=upload_form.cleaned_data["image"])
                    messages.success(request, "Cover saved.")
                    return redirect(request.path)
            elif action == "generate":
                generate_form = CoverGenerateForm(request.POST)
                if generate_form.is_valid():
                    outcome = services.cover_generate(owner=request.user, target=target,
                                                      request_key=generate_form.cleaned_data["request_key"])
                    paid = f" {outcome.credits_charged} credits spent." if outcome.credits_charged else ""
                    messages.success(request, "New cover generated." + paid)
                    return redirect(request.path)
        except ApplicationError as error:
            if error.status == 402:
                return render(request, "clips/short.html", {"cost": services.COVER_COST, "message": error.message,
                                                            "what": "a generated cover", "back": request.path},
                              status=402)
            (upload_form if action == "upload" else generate_form).add_error(None, error.message)
        status = 400
    return render(request, "clips/cover.html", {
        "target": target, "upload_form": upload_form, "generate_form": generate_form,
        "price": services.cover_price(),
    }, status=status)
