"""Courses: Wagtail pages for the catalogue and the lessons, and the learner's side (enrollment, progress,
saved learning paths, preferences).

Page tree: home.DiscoverPage → CoursesIndexPage (/discover/courses/) → CoursePage → ModulePage → LessonPage.
A course's creator is the Wagtail page owner. Publishing a CoursePage creates or updates exactly one
collective Offer (type "course") owned by the creator, linked through `CoursePage.offer`; unpublishing
pauses it (see signals.py and services.course_offer_sync).
"""
from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.cache import patch_vary_headers
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from rest_framework import serializers
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.images.api.fields import ImageRenditionField
from wagtail.models import Orderable, Page
from wagtail.search import index

from collective.models import CATEGORY_CHOICES, TOOL_CHOICES, Taxonomy
from core.money import format_cents

from .blocks import LessonBodyBlock, OutcomesBlock
from .choices import CoursePricing, Difficulty, ProposalSource

COVER_SPEC = "fill-900x300"
COURSES_PER_PAGE = 12
PATHS_PER_PAGE = 12
MAX_PRICE_CENTS = 10_000_000
# CoursesIndexPage serves these itself (learning paths), so no course may take them as its slug.
RESERVED_COURSE_SLUGS = {"paths"}


def duration_label(minutes: int | None) -> str:
    """45 → "45 min", 90 → "1 h 30 min", 180 → "3 h" ("" for nothing)."""
    if not minutes:
        return ""
    hours, rest = divmod(int(minutes), 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h {rest} min" if rest else f"{hours} h"


@dataclass(frozen=True)
class CourseCard:
    """What components/course_card.html shows for one course (plus a little more for other lists)."""

    pk: int
    title: str
    url: str
    owner: object
    difficulty: str
    difficulty_label: str
    duration: str
    price_display: str
    cover_url: str
    summary: str
    category: str
    lesson_count: int
    learner_count: int

    def get_difficulty_display(self) -> str:
        return self.difficulty_label


class CategorySerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()


class CreatorSerializer(serializers.Serializer):
    username = serializers.CharField()
    display_name = serializers.CharField(source="get_display_name")
    profile_url = serializers.CharField(source="get_absolute_url")


# --- Pages -----------------------------------------------------------------------------------------


class CoursesIndexPage(RoutablePageMixin, Page):
    """The catalogue at /discover/courses/: search and filter by category, difficulty and price.

    Also serves saved learning paths shared publicly: /discover/courses/paths/ and
    /discover/courses/paths/<username>/<slug>/.
    """

    intro = models.TextField(
        max_length=400, blank=True,
        default="Learn from members who've done it, and from Sage, our AI learning guide. "
                "Short lessons, real exercises, at your own pace.",
    )

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["home.DiscoverPage"]
    subpage_types = ["courses.CoursePage"]
    max_count = 1

    api_fields = [APIField("intro")]

    class Meta:
        verbose_name = "courses catalogue"

    def get_context(self, request, *args, **kwargs):
        from .forms import CourseFilterForm
        from .selectors import course_cards, courses_for_index, learning_paths_public

        context = super().get_context(request, *args, **kwargs)
        form = CourseFilterForm(request.GET or None)
        filters = form.cleaned_filters()
        courses = courses_for_index(index_page=self, **filters)
        page_obj = Paginator(courses, COURSES_PER_PAGE).get_page(request.GET.get("page"))
        context.update({
            "form": form,
            "filters": filters,
            "page_obj": page_obj,
            "courses": course_cards(page_obj.object_list, request),
            "is_filtered": any(filters[name] for name in ("q", "category", "difficulty", "price")),
            "paths": list(learning_paths_public()[:3]) if not request.GET else [],
        })
        return context

    def get_template(self, request, *args, **kwargs):
        # htmx (the filter form, or boosted pagination links) swaps only the results region.
        htmx = getattr(request, "htmx", None)
        if htmx and htmx.target == "course-results":
            return "courses/partials/course_results.html"
        return super().get_template(request, *args, **kwargs)

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        patch_vary_headers(response, ["HX-Request", "HX-Target"])
        return response

    @path("")
    def catalogue(self, request):
        return self.render(request)

    @path("paths/")
    def learning_paths(self, request):
        from .selectors import learning_paths_public

        page_obj = Paginator(learning_paths_public(), PATHS_PER_PAGE).get_page(request.GET.get("page"))
        return TemplateResponse(request, "courses/learning_path_list.html", {
            "page": self, "self": self, "page_obj": page_obj, "paths": page_obj.object_list,
        })

    @path("paths/<str:username>/<slug:slug>/")
    def learning_path(self, request, username: str, slug: str):
        from .selectors import learning_path_entries, learning_path_for_viewer

        learning_path = learning_path_for_viewer(username=username, slug=slug, viewer=request.user)
        if learning_path is None:
            raise Http404("No such learning path")
        return TemplateResponse(request, "courses/learning_path.html", {
            "page": self, "self": self, "path": learning_path,
            "entries": learning_path_entries(learning_path, request=request, viewer=request.user),
            "is_owner": request.user.is_authenticated and request.user.pk == learning_path.user_id,
        })

    def path_url(self, learning_path, request=None) -> str:
        """URL of a saved learning path's public page."""
        return self.get_url(request) + self.reverse_subpage(
            "learning_path", kwargs={"username": learning_path.user.username, "slug": learning_path.slug})


class CoursePage(Page):
    """One course: what it teaches, who it's for, and its modules of lessons (the children)."""

    summary = models.TextField(max_length=300,
                               help_text="One or two sentences for cards, search and the course's offer.")
    overview = models.TextField(max_length=4000, blank=True,
                                help_text="What the course covers. A blank line starts a new paragraph.")
    audience = models.TextField("Who it's for", max_length=1000, blank=True,
                                help_text="The learners you have in mind, and what they need to know already.")
    outcomes = StreamField(OutcomesBlock(), blank=True, help_text="What learners can do afterwards, one per item.")
    difficulty = models.CharField(max_length=20, choices=Difficulty.choices, default=Difficulty.BEGINNER)
    duration_minutes = models.PositiveIntegerField("Duration (minutes)", default=60,
                                                   help_text="Estimated time to finish the whole course.")
    category = models.ForeignKey(Taxonomy, null=True, blank=True, on_delete=models.SET_NULL,
                                 limit_choices_to=CATEGORY_CHOICES, related_name="courses_in_category")
    tools = ParentalManyToManyField(Taxonomy, blank=True, limit_choices_to=TOOL_CHOICES,
                                    related_name="courses_using_tool", help_text="Tools the course teaches.")
    pricing_type = models.CharField("Pricing", max_length=20, choices=CoursePricing.choices,
                                    default=CoursePricing.FREE)
    price_cents = models.PositiveIntegerField("Price (cents)", default=0,
                                              help_text="For a one-time price: 4900 is $49.")
    cover_image = models.ForeignKey("wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", help_text="Wide works best (at least 900×300).")
    # The course's Offer in the collective; maintained by services.course_offer_sync, never by hand.
    offer = models.OneToOneField("collective.Offer", null=True, blank=True, editable=False,
                                 on_delete=models.SET_NULL, related_name="course_page")

    content_panels = [
        MultiFieldPanel([FieldPanel("title", heading="Course title"), FieldPanel("summary"), FieldPanel("cover_image")],
                        heading="Course"),
        MultiFieldPanel([FieldPanel("overview"), FieldPanel("audience"), FieldPanel("outcomes")],
                        heading="What it teaches"),
        MultiFieldPanel([
            FieldRowPanel([FieldPanel("difficulty"), FieldPanel("duration_minutes")]),
            FieldPanel("category"),
            FieldPanel("tools", widget=forms.CheckboxSelectMultiple),
        ], heading="Facts"),
        MultiFieldPanel([FieldRowPanel([FieldPanel("pricing_type"), FieldPanel("price_cents")])], heading="Price"),
    ]
    parent_page_types = ["courses.CoursesIndexPage"]
    subpage_types = ["courses.ModulePage"]
    # A copy is a different course: it gets its own offer when published.
    exclude_fields_in_copy = ["offer"]

    search_fields = [
        *Page.search_fields,
        index.SearchField("summary", boost=2),
        index.SearchField("overview"),
        index.SearchField("audience"),
        index.FilterField("difficulty"),
        index.FilterField("pricing_type"),
    ]

    api_fields = [
        APIField("summary"),
        APIField("overview"),
        APIField("audience"),
        APIField("outcomes", serializer=serializers.ListField(child=serializers.CharField(), source="outcomes_list",
                                                               read_only=True)),
        APIField("difficulty"),
        APIField("duration_minutes"),
        APIField("category", serializer=CategorySerializer(read_only=True)),
        APIField("tools", serializer=CategorySerializer(many=True, read_only=True)),
        APIField("pricing_type"),
        APIField("price_cents"),
        APIField("price_display", serializer=serializers.CharField(read_only=True)),
        APIField("creator", serializer=CreatorSerializer(source="owner", read_only=True)),
        APIField("cover", serializer=ImageRenditionField(COVER_SPEC, source="cover_image", read_only=True)),
        APIField("offer_id", serializer=serializers.IntegerField(read_only=True)),
    ]

    class Meta:
        verbose_name = "course"
        constraints = [
            models.CheckConstraint(
                condition=(Q(pricing_type=CoursePricing.FREE, price_cents=0)
                           | Q(pricing_type=CoursePricing.ONE_TIME, price_cents__gt=0)),
                name="course_price_matches_pricing",
                violation_error_message="A free course has no price; a paid course needs one.",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    # --- display helpers -----------------------------------------------------------------------
    @property
    def is_free(self) -> bool:
        return self.pricing_type == CoursePricing.FREE

    @property
    def price_display(self) -> str:
        return "Free" if self.is_free else format_cents(self.price_cents)

    @property
    def duration(self) -> str:
        return duration_label(self.duration_minutes)

    @property
    def outcomes_list(self) -> list[str]:
        return [str(block.value) for block in self.outcomes]

    @property
    def overview_paragraphs(self) -> list[str]:
        return [p.strip() for p in (self.overview or "").split("\n\n") if p.strip()]

    @property
    def cover_url(self) -> str:
        if not self.cover_image_id:
            return ""
        try:
            return self.cover_image.get_rendition(COVER_SPEC).url
        except OSError:  # SourceImageIOError: the card falls back to its icon.
            return ""

    def card(self, request=None) -> CourseCard:
        """The course as a card; expects `selectors.courses_for_cards` prefetching."""
        return CourseCard(
            pk=self.pk, title=self.title, url=self.get_url(request), owner=self.owner,
            difficulty=self.difficulty, difficulty_label=self.get_difficulty_display(), duration=self.duration,
            price_display=self.price_display, cover_url=self.cover_url, summary=self.summary,
            category=self.category.name if self.category_id else "",
            lesson_count=getattr(self, "lesson_count", 0) or 0, learner_count=getattr(self, "learner_count", 0) or 0,
        )

    # --- validation and revisions ---------------------------------------------------------------
    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.slug in RESERVED_COURSE_SLUGS:
            errors["slug"] = f"“{self.slug}” is used by the catalogue itself. Choose another slug."
        if self.pricing_type == CoursePricing.FREE and self.price_cents:
            errors["price_cents"] = "A free course has no price: set it to 0 or choose a one-time price."
        elif self.pricing_type == CoursePricing.ONE_TIME and not self.price_cents:
            errors["price_cents"] = "Set a price for a paid course, or make it free."
        elif self.price_cents > MAX_PRICE_CENTS:
            errors["price_cents"] = f"Keep the price under {format_cents(MAX_PRICE_CENTS)}."
        if errors:
            raise ValidationError(errors)

    def with_content_json(self, content):
        # Revisions store `offer` as it was when they were saved; publishing one must keep the current link.
        obj = super().with_content_json(content)
        obj.offer_id = self.offer_id
        return obj

    # --- serving -------------------------------------------------------------------------------
    def get_context(self, request, *args, **kwargs):
        from .selectors import course_page_context

        context = super().get_context(request, *args, **kwargs)
        context.update(course_page_context(self, request=request))
        return context


class ModulePage(Page):
    """A group of lessons in a course. It has no page of its own: its URL opens the course at the module."""

    summary = models.TextField(max_length=500, blank=True, help_text="What this module covers (optional).")

    content_panels = [*Page.content_panels, FieldPanel("summary")]
    parent_page_types = ["courses.CoursePage"]
    subpage_types = ["courses.LessonPage"]
    preview_modes: list = []  # nothing to preview: the course page shows the module

    api_fields = [APIField("summary")]

    class Meta:
        verbose_name = "module"

    def __str__(self) -> str:
        return self.title

    def serve(self, request, *args, **kwargs):
        return redirect(self.get_parent().get_url(request) + f"#module-{self.pk}")


class LessonBodyField(serializers.Field):
    """The lesson body for the Wagtail API, only for readers allowed to read it (else null)."""

    def __init__(self, **kwargs):
        kwargs["source"] = "*"
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, lesson):
        from .selectors import lesson_readable

        request = self.context.get("request")
        user = getattr(request, "user", None)
        course = lesson.get_course()
        if course is None or not lesson_readable(user=user, lesson=lesson, course=course):
            return None
        return lesson.body.stream_block.get_api_representation(lesson.body, context=self.context)


class LessonPage(Page):
    """One lesson: a StreamField of text, video, code, images, quizzes, exercises and a summary.

    Lessons of a paid course are for learners with access (see selectors.lesson_readable); a lesson
    marked as a free preview is open to everyone.
    """

    summary = models.TextField(max_length=300, blank=True, help_text="One sentence on what the lesson teaches.")
    duration_minutes = models.PositiveSmallIntegerField("Duration (minutes)", default=10)
    is_preview = models.BooleanField("Free preview", default=False,
                                     help_text="Anyone can read this lesson, even in a paid course.")
    body = StreamField(LessonBodyBlock(), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldRowPanel([FieldPanel("duration_minutes"), FieldPanel("is_preview")]),
        FieldPanel("body"),
    ]
    parent_page_types = ["courses.ModulePage"]
    subpage_types: list[str] = []

    # The body isn't indexed: search must not reveal paid lessons.
    search_fields = [*Page.search_fields, index.SearchField("summary")]

    api_fields = [
        APIField("summary"),
        APIField("duration_minutes"),
        APIField("is_preview"),
        APIField("body", serializer=LessonBodyField()),
    ]

    class Meta:
        verbose_name = "lesson"

    def __str__(self) -> str:
        return self.title

    @property
    def duration(self) -> str:
        return duration_label(self.duration_minutes)

    @property
    def quiz_ids(self) -> list[str]:
        return [block.id for block in self.body if block.block_type == "quiz"]

    def get_course(self) -> CoursePage | None:
        return CoursePage.objects.ancestor_of(self).select_related("offer", "owner").first()

    def serve(self, request, *args, **kwargs):
        from .selectors import lesson_page_state
        from .services import lesson_visit

        state = lesson_page_state(self, request=request)
        if state.course is None:
            raise Http404("This lesson is not part of a course")
        if state.readable and not getattr(request, "is_preview", False) and state.enrollment is not None:
            lesson_visit(enrollment=state.enrollment, lesson=self)
        request.lesson_state = state
        response = super().serve(request, *args, **kwargs)
        if not state.readable:
            response.status_code = 403
        return response

    def get_context(self, request, *args, **kwargs):
        from .selectors import lesson_page_state

        context = super().get_context(request, *args, **kwargs)
        state = getattr(request, "lesson_state", None) or lesson_page_state(self, request=request)
        context["lesson"] = state
        context["course"] = state.course
        # Quizzes need their block id and the learner's last answer; other blocks render themselves.
        context["body_rows"] = [{"block": block, "result": state.quiz_result(block.id)} for block in self.body] \
            if state.readable else []
        context["my_paths"] = list(request.user.learning_paths.order_by("title")) \
            if request.user.is_authenticated else []
        return context


# --- Learners ---------------------------------------------------------------------------------------


class Enrollment(models.Model):
    """A learner taking a course. Paid courses need access through checkout first."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrollments")
    course = models.ForeignKey(CoursePage, on_delete=models.CASCADE, related_name="enrollments")
    enrolled_at = models.DateTimeField(auto_now_add=True)
    # Where to resume: the lesson the learner opened last.
    last_lesson = models.ForeignKey(LessonPage, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    last_activity_at = models.DateTimeField(null=True, blank=True)
    # When the learner first finished every lesson.
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-last_activity_at", "-enrolled_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "course"], name="unique_enrollment_per_course",
                                    violation_error_message="You're already enrolled in this course."),
        ]
        indexes = [models.Index(fields=["user", "-last_activity_at"], name="enrollment_user_activity_idx")]

    def __str__(self) -> str:
        return f"{self.user} in {self.course}"


class LessonProgress(models.Model):
    """One learner's progress in one lesson: opened, quiz answers, completed."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lesson_progress")
    lesson = models.ForeignKey(LessonPage, on_delete=models.CASCADE, related_name="progress")
    # Denormalised so a course's progress is one GROUP BY, not a walk of the page tree.
    course = models.ForeignKey(CoursePage, on_delete=models.CASCADE, related_name="lesson_progress")
    started_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    # {quiz block id: {"choice": index picked last, "correct": bool, "attempts": n}}
    quiz_answers = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name_plural = "lesson progress"
        constraints = [
            models.UniqueConstraint(fields=["user", "lesson"], name="unique_progress_per_lesson"),
        ]
        indexes = [models.Index(fields=["user", "course"], name="progress_user_course_idx")]

    def __str__(self) -> str:
        return f"{self.user} · {self.lesson}"

    @property
    def is_complete(self) -> bool:
        return self.completed_at is not None


class SavedLearningPath(ClusterableModel):
    """An ordered list of courses and lessons a member (or an agent, like Sage) curates."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="learning_paths")
    title = models.CharField(max_length=120)
    slug = models.SlugField(max_length=140)
    description = models.TextField(max_length=1000, blank=True)
    is_public = models.BooleanField("Shared publicly", default=False,
                                    help_text="Public paths have a page anyone can open.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    panels = [
        FieldPanel("user"), FieldPanel("title"), FieldPanel("slug"), FieldPanel("description"),
        FieldPanel("is_public"),
        InlinePanel("items", label="Steps", heading="Steps, in order"),
    ]

    class Meta:
        ordering = ["-updated_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "slug"], name="unique_learning_path_slug_per_user",
                                    violation_error_message="You already have a path with this address."),
            models.CheckConstraint(condition=~Q(slug=""), name="learning_path_slug_not_empty"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        index_page = CoursesIndexPage.objects.live().first()
        return index_page.path_url(self) if index_page else ""


class LearningPathItem(Orderable):
    """One step of a learning path: a course or a single lesson."""

    path = ParentalKey(SavedLearningPath, on_delete=models.CASCADE, related_name="items")
    course = models.ForeignKey(CoursePage, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    lesson = models.ForeignKey(LessonPage, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    note = models.CharField(max_length=240, blank=True, help_text="Why this step (optional).")

    panels = [PageChooserPanel("course", "courses.CoursePage"), PageChooserPanel("lesson", "courses.LessonPage"),
              FieldPanel("note")]

    class Meta(Orderable.Meta):
        constraints = [
            models.CheckConstraint(condition=Q(course__isnull=False, lesson__isnull=True)
                                   | Q(course__isnull=True, lesson__isnull=False),
                                   name="learning_path_item_course_xor_lesson",
                                   violation_error_message="Choose a course or a lesson (one of them)."),
        ]

    def __str__(self) -> str:
        return str(self.course or self.lesson)

    def clean(self) -> None:
        if bool(self.course_id) == bool(self.lesson_id):
            raise ValidationError("Choose a course or a lesson (one of them).")


class LearnerProfile(models.Model):
    """What a learner wants: goals and preferences used to suggest courses on /my/learning/."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="learner_profile")
    goals = models.TextField(max_length=1000, blank=True,
                             help_text="What you want to be able to do, in your own words.")
    preferred_difficulty = models.CharField(max_length=20, choices=Difficulty.choices, blank=True)
    interests = models.ManyToManyField(Taxonomy, blank=True, limit_choices_to=CATEGORY_CHOICES,
                                       related_name="interested_learners")
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Learning preferences of {self.user}"


class CourseProposal(models.Model):
    """A curriculum the Course Publisher proposed, kept until the creator turns it into a draft course.

    Stored so reloading the review step neither loses edits' starting point nor charges credits twice.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="course_proposals")
    topic = models.CharField(max_length=200)
    audience = models.CharField(max_length=300, blank=True)
    goals = models.TextField(max_length=1500, blank=True)
    difficulty = models.CharField(max_length=20, choices=Difficulty.choices, default=Difficulty.BEGINNER)
    outline = models.JSONField(default=dict)
    source = models.CharField(max_length=20, choices=ProposalSource.choices, default=ProposalSource.SCRIPTED)
    credits_spent = models.PositiveSmallIntegerField(default=0)
    course = models.ForeignKey(CoursePage, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Proposal “{self.topic}” by {self.user}"
