"""Read queries of the courses app. Lists cost a constant number of queries whatever their length."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.db.models import Case, F, Func, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.urls import reverse
from wagtail.images import get_image_model
from wagtail.models import Page

from collective import selectors as collective
from collective.choices import OfferStatus, OfferType, PricingType
from collective.models import Offer
from core.errors import NotFound
from members.models import AgentProfile
from members.selectors import member_visible_q

from .choices import CourseSort, PriceFilter
from .models import (
    COVER_SPEC,
    CourseCard,
    CoursePage,
    CoursesIndexPage,
    Enrollment,
    LearnerProfile,
    LearningPathItem,
    LessonPage,
    LessonProgress,
    ModulePage,
    SavedLearningPath,
)

STEP = Page.steplen


# --- Who may see what (the one rule per content type; see collective.selectors) ------------------------


def course_public_q(viewer=None) -> Q:
    """Courses `viewer` may find, open and enroll in: published, by a creator they may see (the curators'
    courses have no owner). Wagtail's view restrictions come on top (`.public()` in the catalogue)."""
    return Q(live=True) & (Q(owner__isnull=True) | member_visible_q(viewer, via="owner__"))


def courses_visible_to(viewer=None) -> QuerySet[CoursePage]:
    return CoursePage.objects.filter(course_public_q(viewer))


def course_is_visible(course: CoursePage, viewer=None) -> bool:
    return courses_visible_to(viewer).filter(pk=course.pk).exists()


def learning_path_public_q(viewer=None) -> Q:
    """Saved learning paths others may see: shared publicly by a member they may see."""
    return Q(is_public=True) & member_visible_q(viewer, via="user__")


# --- Who may do what --------------------------------------------------------------------------------


def is_curator(user) -> bool:
    return bool(user and user.is_authenticated and (user.is_superuser or user.is_curator))


def courses_managed_by(user) -> QuerySet[CoursePage]:
    """Courses the member created, or that an agent they own (e.g. @allierays → Sage) created."""
    if not user or not user.is_authenticated:
        return CoursePage.objects.none()
    return CoursePage.objects.filter(Q(owner=user) | Q(owner__agent_profile__owner=user))


def is_course_creator(user, course: CoursePage) -> bool:
    if not user or not user.is_authenticated or course.owner_id is None:
        return False
    if course.owner_id == user.pk:
        return True
    return AgentProfile.objects.filter(user_id=course.owner_id, owner_id=user.pk).exists()


def can_manage_course(user, course: CoursePage) -> bool:
    """The creator (or the owner of the creating agent) and curators."""
    return is_curator(user) or is_course_creator(user, course)


def course_access(*, user, course: CoursePage) -> bool:
    """May `user` read every lesson of `course`? Free courses: anyone. Paid: the creator, curators, and
    members who bought it (payments.selectors.member_has_access: one query)."""
    if course.is_free:
        return True
    if not user or not user.is_authenticated:
        return False
    if can_manage_course(user, course):
        return True
    from payments.selectors import member_has_access

    return course.offer_id is not None and member_has_access(user=user, offer=course.offer)


def lesson_readable(*, user, lesson: LessonPage, course: CoursePage) -> bool:
    return lesson.is_preview or course_access(user=user, course=course)


# --- Catalogue and cards ----------------------------------------------------------------------------


def _count(queryset: QuerySet) -> Coalesce:
    """A correlated COUNT(*) subquery (no GROUP BY on the outer query)."""
    counted = queryset.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def live_lesson_count(path_ref: str = "path") -> Coalesce:
    """How many live lessons sit under the course whose tree path is `OuterRef(path_ref)`."""
    return _count(LessonPage.objects.filter(live=True, path__startswith=OuterRef(path_ref)))


def courses_listed(index_page: CoursesIndexPage | None = None, viewer=None) -> QuerySet[CoursePage]:
    """Courses anyone may find: visible (course_public_q) and not view-restricted."""
    courses = courses_visible_to(viewer).public()
    return courses.child_of(index_page) if index_page is not None else courses


def courses_for_cards(queryset: QuerySet[CoursePage]) -> QuerySet[CoursePage]:
    """Courses with what a card shows (creator, category, cover rendition, lesson and learner counts)."""
    return queryset.select_related("owner", "category").prefetch_related(
        Prefetch("cover_image", queryset=get_image_model().objects.prefetch_renditions(COVER_SPEC)),
    ).annotate(
        lesson_count=live_lesson_count(),
        learner_count=_count(Enrollment.objects.filter(course=OuterRef("pk"))),
    )


def course_cards(courses, request=None) -> list:
    return [course.card(request) for course in courses]


# --- The catalogue -----------------------------------------------------------------------------------
# One query for every list of courses (/discover/courses/ and /discover's "Courses to get started"): the
# public course offers. Each published studio course keeps one Offer (services.course_offer_sync), and
# creators also post courses hosted elsewhere as offers; both belong in the catalogue.
CATALOGUE_ORDERINGS = {
    CourseSort.POPULAR: ("-learner_count", "-created_at", "-pk"),
    CourseSort.NEWEST: ("-created_at", "-pk"),
    CourseSort.SHORTEST: (F("course_page__duration_minutes").asc(nulls_last=True), "title", "pk"),
}


def courses_catalogue(*, q: str = "", category: str = "", difficulty: str = "", price: str = "",
                      sort: str = CourseSort.POPULAR, viewer=None):
    """Active course offers, filtered; ranked by relevance when `q` has words (as /discover search), else `sort`."""
    offers = collective.offers_public(viewer).filter(status=OfferStatus.ACTIVE, offer_type=OfferType.COURSE).filter(
        Q(course_page__isnull=True) | Q(course_page__in=courses_listed()))
    if category:
        offers = offers.filter(category__slug=category)
    if difficulty:
        offers = offers.filter(course_page__difficulty=difficulty)
    if price == PriceFilter.FREE:
        offers = offers.filter(Q(is_paid=False) | Q(pricing_type=PricingType.FREE))
    elif price == PriceFilter.PAID:
        offers = offers.filter(is_paid=True).exclude(pricing_type=PricingType.FREE)
    if collective.search_terms(q):
        return collective.offers_search(query=q, queryset=offers)
    offers = offers.annotate(learner_count=_count(Enrollment.objects.filter(course__offer=OuterRef("pk"))))
    return collective.offers_with_details(offers).order_by(*CATALOGUE_ORDERINGS.get(sort, CATALOGUE_ORDERINGS[CourseSort.POPULAR]))


def _offer_course_card(offer: Offer) -> CourseCard:
    return CourseCard(
        pk=offer.pk, title=offer.title, url=offer.get_absolute_url(), owner=offer.user, difficulty="",
        difficulty_label="", duration="", price_display=offer.price_display, cover_url="", summary=offer.description,
        category=offer.category.name if offer.category_id else "", lesson_count=0, learner_count=0,
    )


def catalogue_cards(offers, request=None) -> list[CourseCard]:
    """Cards for catalogue offers: a studio course's own card (level, length, cover), else the offer's."""
    offers = list(offers)
    pages = {page.offer_id: page for page in
             courses_for_cards(CoursePage.objects.filter(offer_id__in=[offer.pk for offer in offers]))}
    return [pages[offer.pk].card(request) if offer.pk in pages else _offer_course_card(offer) for offer in offers]


# --- One course -------------------------------------------------------------------------------------


@dataclass
class LessonRow:
    lesson: LessonPage
    title: str
    url: str
    completed: bool = False
    locked: bool = False
    is_next: bool = False


@dataclass
class ModuleRow:
    module: ModulePage
    title: str
    lessons: list[LessonRow] = field(default_factory=list)

    @property
    def minutes(self) -> int:
        return sum(row.lesson.duration_minutes for row in self.lessons)


def _parent_path(page: Page) -> str:
    return page.path[:-STEP]


def course_lessons(course: CoursePage, *, live_only: bool = True) -> list[LessonPage]:
    """The course's lessons in reading order (tree order)."""
    lessons = LessonPage.objects.descendant_of(course).defer_streamfields().order_by("path")
    return list(lessons.live() if live_only else lessons)


def course_outline(course: CoursePage, *, live_only: bool = True, completed_ids=frozenset(), readable: bool = True,
                   lesson_url=None, request=None) -> list[ModuleRow]:
    """Modules with their lessons (two queries), marked completed/locked for a viewer."""
    modules = ModulePage.objects.child_of(course).order_by("path")
    if live_only:
        modules = modules.live()
    rows = {module.path: ModuleRow(module=module, title=module.title if live_only else module.draft_title)
            for module in modules}
    for lesson in course_lessons(course, live_only=live_only):
        row = rows.get(_parent_path(lesson))
        if row is None:
            continue
        url = lesson_url(lesson) if lesson_url else lesson.get_url(request)
        row.lessons.append(LessonRow(lesson=lesson, title=lesson.title if live_only else lesson.draft_title, url=url,
                                     completed=lesson.pk in completed_ids,
                                     locked=not (readable or lesson.is_preview)))
    return list(rows.values())


def completed_lesson_ids(user, course: CoursePage) -> set[int]:
    if not user or not user.is_authenticated:
        return set()
    return set(LessonProgress.objects.filter(user=user, course=course, completed_at__isnull=False)
               .values_list("lesson_id", flat=True))


def enrollment_for(user, course: CoursePage) -> Enrollment | None:
    if not user or not user.is_authenticated:
        return None
    return Enrollment.objects.filter(user=user, course=course).first()


def next_lesson(lessons: list[LessonPage], completed_ids, *, after: LessonPage | None = None) -> LessonPage | None:
    """Where to resume: the first unfinished lesson after `after` (else from the start)."""
    if after is not None:
        ids = [lesson.pk for lesson in lessons]
        if after.pk in ids:
            start = ids.index(after.pk)
            if lessons[start].pk not in completed_ids:
                return lessons[start]
            for lesson in lessons[start + 1:]:
                if lesson.pk not in completed_ids:
                    return lesson
    return next((lesson for lesson in lessons if lesson.pk not in completed_ids), None)


def course_url_for_offer(offer, *, request=None) -> str | None:
    """The live course page behind a course offer (kept in sync by services.course_offer_sync), if any."""
    if offer.offer_type != OfferType.COURSE:
        return None
    course = CoursePage.objects.live().filter(offer_id=offer.pk).first()
    return course.get_url(request) if course else None


def buy_url(course: CoursePage) -> str:
    return reverse("payments:offer_buy", args=[course.offer_id]) if course.offer_id else ""


def studio_lesson_preview_url(course: CoursePage, lesson: LessonPage) -> str:
    return reverse("courses:studio_lesson_preview", args=[course.pk, lesson.pk])


def course_page_context(course: CoursePage, *, request) -> dict:
    """Everything course_page.html shows, for the viewer: outline, progress, enrollment, access, paths."""
    user = request.user
    preview = bool(getattr(request, "is_preview", False))
    if not preview and not can_manage_course(user, course) and not course_is_visible(course, user):
        raise NotFound("No such course.")
    enrollment = enrollment_for(user, course)
    completed = completed_lesson_ids(user, course) if enrollment else set()
    access = course_access(user=user, course=course)
    manager = can_manage_course(user, course) if user.is_authenticated else False
    creator = manager and is_course_creator(user, course)
    # Previews from the studio link to the lessons' studio previews (drafts have no public URL yet).
    lesson_url = (lambda lesson: studio_lesson_preview_url(course, lesson)) if preview and creator else None
    outline = course_outline(course, live_only=not preview, completed_ids=completed, readable=access,
                             lesson_url=lesson_url, request=request)
    lessons = [row.lesson for module in outline for row in module.lessons]
    upcoming = next_lesson(lessons, completed, after=enrollment.last_lesson if enrollment else None)
    for module in outline:
        for row in module.lessons:
            row.is_next = upcoming is not None and row.lesson.pk == upcoming.pk
    first_preview = next((row for module in outline for row in module.lessons if row.lesson.is_preview), None)
    completed_count = len(completed & {lesson.pk for lesson in lessons})
    return {
        "course": course,
        "outline": outline,
        "progress_text": f"{completed_count} of {len(lessons)} lesson{'s' if len(lessons) != 1 else ''}",
        "lesson_total": len(lessons),
        "lesson_minutes": sum(lesson.duration_minutes for lesson in lessons),
        "completed_count": completed_count,
        "enrollment": enrollment,
        "has_access": access,
        "is_manager": manager,
        "resume_row": next((row for module in outline for row in module.lessons
                            if upcoming and row.lesson.pk == upcoming.pk), None),
        "first_row": next((row for module in outline for row in module.lessons), None),
        "preview_row": first_preview,
        "buy_url": "" if access else buy_url(course),
        "learner_count": Enrollment.objects.filter(course=course).count(),
        "my_paths": list(SavedLearningPath.objects.filter(user=user).order_by("title")) if user.is_authenticated
        else [],
        "studio_url": reverse("courses:studio_course", args=[course.pk]) if creator else "",
    }


@dataclass
class LessonState:
    """One lesson as a viewer sees it (lesson_page.html and the progress endpoints)."""

    lesson: LessonPage
    course: CoursePage | None
    module: ModulePage | None = None
    readable: bool = False
    is_manager: bool = False
    is_creator: bool = False
    enrollment: Enrollment | None = None
    progress: LessonProgress | None = None
    completed_ids: set = field(default_factory=set)
    lessons: list = field(default_factory=list)
    buy_url: str = ""
    preview: bool = False

    @property
    def position(self) -> int:
        ids = [lesson.pk for lesson in self.lessons]
        return ids.index(self.lesson.pk) + 1 if self.lesson.pk in ids else 0

    @property
    def total(self) -> int:
        return len(self.lessons)

    @property
    def completed(self) -> bool:
        return self.lesson.pk in self.completed_ids

    @property
    def completed_count(self) -> int:
        return len(self.completed_ids & {lesson.pk for lesson in self.lessons})

    def _neighbour(self, step: int):
        position = self.position
        index = position - 1 + step
        if not position or not 0 <= index < len(self.lessons):
            return None
        return self.lessons[index]

    @property
    def previous_lesson(self):
        return self._neighbour(-1)

    @property
    def next_lesson(self):
        return self._neighbour(1)

    def url_of(self, lesson) -> str:
        if self.preview and self.is_creator and self.course is not None:
            return studio_lesson_preview_url(self.course, lesson)
        return lesson.url

    @property
    def previous_url(self) -> str:
        return self.url_of(self.previous_lesson) if self.previous_lesson else ""

    @property
    def next_url(self) -> str:
        return self.url_of(self.next_lesson) if self.next_lesson else ""

    @property
    def answerable(self) -> bool:
        """Quizzes take answers on the live lesson, not in a draft preview (its quiz URL doesn't exist yet)."""
        return self.readable and not self.preview

    @property
    def progress_text(self) -> str:
        return f"{self.completed_count} of {self.total} lesson{'s' if self.total != 1 else ''}"

    @property
    def rows(self) -> list[dict]:
        """The course's lessons for the sidebar: link, done, current."""
        return [{"lesson": item, "url": self.url_of(item), "completed": item.pk in self.completed_ids,
                 "current": item.pk == self.lesson.pk} for item in self.lessons]

    def quiz_result(self, block_id: str) -> dict | None:
        return (self.progress.quiz_answers or {}).get(block_id) if self.progress else None


def lesson_page_state(lesson: LessonPage, *, request) -> LessonState:
    """Course, module, access, enrollment and progress for one lesson, in a constant number of queries."""
    user = request.user
    preview = bool(getattr(request, "is_preview", False))
    course = lesson.get_course()
    if course is None or (not preview and not can_manage_course(user, course) and not course_is_visible(course, user)):
        return LessonState(lesson=lesson, course=None)
    module = ModulePage.objects.filter(path=_parent_path(lesson)).first()
    state = LessonState(lesson=lesson, course=course, module=module, preview=preview)
    state.is_manager = can_manage_course(user, course)
    state.is_creator = state.is_manager and is_course_creator(user, course)
    state.readable = state.is_manager or lesson_readable(user=user, lesson=lesson, course=course)
    state.lessons = course_lessons(course, live_only=not preview)
    state.enrollment = enrollment_for(user, course)
    if user.is_authenticated:
        progress = {p.lesson_id: p for p in LessonProgress.objects.filter(user=user, course=course)}
        state.progress = progress.get(lesson.pk)
        state.completed_ids = {pk for pk, p in progress.items() if p.completed_at}
    if not state.readable:
        state.buy_url = buy_url(course)
    return state


# --- Learners -----------------------------------------------------------------------------------------


def learning_enrollments(user) -> QuerySet[Enrollment]:
    """The member's courses with progress counts, most recently active first (constant queries)."""
    done = LessonProgress.objects.filter(user=OuterRef("user"), course=OuterRef("course"), completed_at__isnull=False,
                                         lesson__live=True)
    return (
        Enrollment.objects.filter(user=user, course__live=True)
        .select_related("course", "course__owner", "course__category", "last_lesson")
        .prefetch_related(Prefetch("course__cover_image",
                                   queryset=get_image_model().objects.prefetch_renditions(COVER_SPEC)))
        .annotate(lesson_count=live_lesson_count("course__path"), completed_count=_count(done))
        .order_by(F("last_activity_at").desc(nulls_last=True), "-enrolled_at", "-pk")
    )


def enrollment_percent(enrollment: Enrollment) -> int:
    total = getattr(enrollment, "lesson_count", 0) or 0
    return round(100 * min(enrollment.completed_count, total) / total) if total else 0


def resume_target(user, course: CoursePage) -> LessonPage | None:
    """The lesson a learner should open next in `course` (three queries), or None when all are done."""
    enrollment = enrollment_for(user, course)
    lessons = course_lessons(course)
    return next_lesson(lessons, completed_lesson_ids(user, course),
                       after=enrollment.last_lesson if enrollment else None)


GOAL_WORD = re.compile(r"[a-zA-Z][a-zA-Z+#-]{3,}")
STOP_WORDS = {"want", "with", "that", "this", "have", "from", "into", "about", "learn", "able", "would", "like",
              "more", "better", "using", "make", "some", "what", "when", "your", "their", "them", "they"}


def goal_keywords(goals: str, limit: int = 6) -> list[str]:
    words = []
    for word in GOAL_WORD.findall(goals or ""):
        word = word.lower()
        if word not in STOP_WORDS and word not in words:
            words.append(word)
    return words[:limit]


def learner_profile_for(user) -> LearnerProfile | None:
    if not user or not user.is_authenticated:
        return None
    return LearnerProfile.objects.filter(user=user).prefetch_related("interests").first()


def courses_suggested_for(user, *, profile: LearnerProfile | None = None, limit: int = 3) -> QuerySet[CoursePage]:
    """Published courses the member isn't taking, best matches for their learner profile first:
    +2 for an interesting category, +1 for the preferred difficulty, +1 per goal keyword in the title or summary."""
    courses = courses_listed().exclude(enrollments__user=user).exclude(owner=user)
    score = Value(0)
    if profile is not None:
        interests = [c.pk for c in profile.interests.all()]
        if interests:
            score = score + Case(When(category_id__in=interests, then=Value(2)), default=Value(0))
        if profile.preferred_difficulty:
            score = score + Case(When(difficulty=profile.preferred_difficulty, then=Value(1)), default=Value(0))
        for word in goal_keywords(profile.goals):
            score = score + Case(When(Q(title__icontains=word) | Q(summary__icontains=word), then=Value(1)),
                                 default=Value(0))
    return courses_for_cards(courses).annotate(match_score=score).order_by(
        "-match_score", "-learner_count", "-first_published_at", "-pk")[:limit]


# --- Learning paths -------------------------------------------------------------------------------------


def _items_prefetch() -> Prefetch:
    return Prefetch("items", queryset=LearningPathItem.objects.select_related("course", "lesson").order_by(
        "sort_order", "pk"))


def learning_paths_of(user) -> QuerySet[SavedLearningPath]:
    return SavedLearningPath.objects.filter(user=user).prefetch_related(_items_prefetch()).order_by("-updated_at",
                                                                                                  "-pk")


def learning_paths_public(viewer=None) -> QuerySet[SavedLearningPath]:
    """Paths shared publicly by visible members and agents, with their steps (two queries)."""
    return (SavedLearningPath.objects.filter(learning_path_public_q(viewer))
            .select_related("user").prefetch_related(_items_prefetch()).order_by("-updated_at", "-pk"))


def learning_path_for_viewer(*, username: str, slug: str, viewer) -> SavedLearningPath | None:
    """A public path, or a private one to its owner; anything else doesn't exist (404)."""
    mine = Q(user=viewer) if viewer is not None and viewer.is_authenticated else Q(pk__in=[])
    return (SavedLearningPath.objects.select_related("user").filter(learning_path_public_q(viewer) | mine)
            .filter(user__username=username, slug=slug).first())


@dataclass
class PathEntry:
    item: LearningPathItem
    kind: str  # "course" or "lesson"
    title: str
    url: str
    card: object = None
    course_title: str = ""
    completed: bool = False


def learning_path_entries(learning_path: SavedLearningPath, *, request=None, viewer=None) -> list[PathEntry]:
    """The path's steps that are published, with cards for courses and progress for the viewer."""
    items = list(learning_path.items.select_related("lesson").order_by("sort_order", "pk"))
    course_ids = [item.course_id for item in items if item.course_id]
    cards = {c.pk: c for c in courses_for_cards(courses_listed().filter(pk__in=course_ids))}
    lessons = [item.lesson for item in items if item.lesson_id and item.lesson.live]
    parents = {lesson.path[:-2 * STEP] for lesson in lessons}
    lesson_courses = {c.path: c for c in CoursePage.objects.live().filter(path__in=parents)} if parents else {}
    done_lessons: set[int] = set()
    done_courses: set[int] = set()
    if viewer is not None and viewer.is_authenticated:
        done_lessons = set(LessonProgress.objects.filter(user=viewer, completed_at__isnull=False, lesson__in=lessons)
                           .values_list("lesson_id", flat=True)) if lessons else set()
        done_courses = set(Enrollment.objects.filter(user=viewer, course_id__in=course_ids,
                                                     completed_at__isnull=False).values_list("course_id", flat=True))
    entries = []
    for item in items:
        if item.course_id and item.course_id in cards:
            course = cards[item.course_id]
            entries.append(PathEntry(item=item, kind="course", title=course.title, url=course.get_url(request),
                                     card=course.card(request), completed=course.pk in done_courses))
        elif item.lesson_id and item.lesson.live:
            course = lesson_courses.get(item.lesson.path[:-2 * STEP])
            if course is None:
                continue
            entries.append(PathEntry(item=item, kind="lesson", title=item.lesson.title,
                                     url=item.lesson.get_url(request), course_title=course.title,
                                     completed=item.lesson_id in done_lessons))
    return entries


# --- Studio -------------------------------------------------------------------------------------------------


def studio_courses(user) -> QuerySet[CoursePage]:
    """The courses a creator manages in the studio, drafts included, last edited first."""
    return (courses_managed_by(user).select_related("owner", "offer")
            .annotate(lesson_count=_count(LessonPage.objects.filter(path__startswith=OuterRef("path"))),
                      learner_count=_count(Enrollment.objects.filter(course=OuterRef("pk"))))
            .order_by(F("latest_revision_created_at").desc(nulls_last=True), "-pk"))


def studio_course(user, pk: int) -> CoursePage | None:
    return courses_managed_by(user).select_related("owner", "offer").filter(pk=pk).first()


def studio_outline(course: CoursePage) -> list[ModuleRow]:
    """Every module and lesson of the course, drafts included, with their draft titles."""
    return course_outline(course, live_only=False, readable=True,
                          lesson_url=lambda lesson: reverse("courses:studio_lesson", args=[course.pk, lesson.pk]))


def studio_lesson(course: CoursePage, pk: int) -> LessonPage | None:
    return LessonPage.objects.descendant_of(course).filter(pk=pk).first()


def studio_module(course: CoursePage, pk: int) -> ModulePage | None:
    return ModulePage.objects.child_of(course).filter(pk=pk).first()
