"""Writes of the courses app: building courses as Wagtail pages, publishing them as offers, and learning.

Keyword-only `<entity>_<action>` functions that check who may act and raise `core.errors.ApplicationError`
(or NotFound / PermissionDenied) for anything a member should be told. Page edits are Wagtail revisions,
so the studio and the Wagtail editor see the same drafts and history.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from wagtail.actions.delete_page import DeletePageAction
from wagtail.actions.move_page import MovePageAction
from wagtail.actions.unpublish_page import UnpublishPageAction
from wagtail.models import GroupPagePermission, Page

from collective.choices import OfferStatus, OfferType, PricingType, TaxonomyType
from collective.models import Offer, Taxonomy
from collective.services import (
    block_error_messages,
    offer_archive,
    offer_content_set,
    offer_create,
    offer_update,
)
from core.errors import ApplicationError, NotFound, PermissionDenied, application_error_from
from core.slugs import unique_slug
from economy.choices import FEATURE_COSTS, CreditFeature
from home.models import DiscoverPage

from . import curriculum, selectors
from .choices import CoursePricing, Difficulty, ProposalSource
from .models import (
    COVER_SPEC,
    RESERVED_COURSE_SLUGS,
    CoursePage,
    CourseProposal,
    CoursesIndexPage,
    Enrollment,
    LearnerProfile,
    LearningPathItem,
    LessonPage,
    LessonProgress,
    ModulePage,
    SavedLearningPath,
)

logger = logging.getLogger(__name__)

CREATORS_GROUP = "Course creators"
COURSE_CTA_ID = "course-cta"  # the offer page block the sync maintains ("Start the course")
LESSON_MAX_BLOCKS = 40
MAX_MODULES = 20
MAX_LESSONS_PER_MODULE = 30
COURSE_BUILDER_COST = FEATURE_COSTS[CreditFeature.COURSE_BUILDER_ASSIST]


# --- Setup: the catalogue page and the creators' admin group -------------------------------------------


def courses_index_ensure() -> CoursesIndexPage:
    """The catalogue under Discover (/discover/courses/), created and published if missing."""
    index_page = CoursesIndexPage.objects.first()
    if index_page is not None:
        return index_page
    discover = DiscoverPage.objects.first()
    if discover is None:
        raise ApplicationError("There is no Discover page to hold the courses: run `manage.py seed_pages` first.")
    index_page = CoursesIndexPage(title="Courses", slug="courses", show_in_menus=False)
    discover.add_child(instance=index_page)
    index_page.save_revision().publish()
    return index_page


def course_creators_group_ensure(index_page: CoursesIndexPage | None = None) -> Group:
    """The "Course creators" group: Wagtail admin access and *add* permission under the catalogue.

    Wagtail's ownership model does the rest: with only "add", a creator can create courses and edit
    and submit for moderation the pages they own, but never edit or publish anyone else's (and
    wagtail_hooks.py refuses adding pages inside someone else's course). Curators publish.
    """
    group, _ = Group.objects.get_or_create(name=CREATORS_GROUP)
    needed = Permission.objects.filter(
        content_type__app_label__in=["wagtailadmin", "wagtailimages"],
        codename__in=["access_admin", "add_image", "choose_image"],
    )
    group.permissions.add(*needed)
    index_page = index_page or CoursesIndexPage.objects.first()
    if index_page is not None:
        add_page = Permission.objects.get(content_type__app_label="wagtailcore", codename="add_page")
        GroupPagePermission.objects.get_or_create(group=group, page=index_page, permission=add_page)
    return group


# --- Helpers -----------------------------------------------------------------------------------------------


def _require_creator(actor, course: CoursePage) -> None:
    """Studio writes: the course's creator (or the owner of the creating agent) only."""
    if not selectors.is_course_creator(actor, course):
        raise NotFound("No such course.")


def _require_manager(actor, course: CoursePage) -> None:
    if not selectors.can_manage_course(actor, course):
        raise NotFound("No such course.")


def _free_slug(parent: Page, text: str, *, exclude_pk: int | None = None, reserved=()) -> str:
    """A slug for `text` unused by `parent`'s other children ("intro", "intro-2", ...)."""
    return unique_slug(text, parent.get_children().exclude(pk=exclude_pk), reserved=reserved)


def _validated(page: Page) -> None:
    try:
        page.full_clean()
    except ValidationError as error:
        raise application_error_from(error) from error


def _add_draft(parent: Page, page: Page, *, user) -> Page:
    """Add `page` under `parent` as an unpublished draft owned by `user`, with a first revision."""
    parent = Page.objects.get(pk=parent.pk)  # fresh tree fields: a stale parent would collide paths
    page.owner = user
    page.live = False
    page.slug = page.slug or _free_slug(parent, page.title, reserved=RESERVED_COURSE_SLUGS
                                        if isinstance(page, CoursePage) else ())
    try:
        parent.add_child(instance=page)  # Page.save() runs full_clean() once the tree fields are set
    except ValidationError as error:
        raise application_error_from(error) from error
    page.save_revision(user=user, log_action=True)
    return page


def _draft_of(page: Page) -> Page:
    """The page as its latest draft (what the studio edits), not as published."""
    return Page.objects.get(pk=page.pk).specific.get_latest_revision_as_object()


def _save_draft(draft: Page, *, user) -> Page:
    _validated(draft)
    draft.save_revision(user=user, log_action=True)
    return draft


def _terms(*, category_slug: str | None = None, category: Taxonomy | None = None, tools=()) -> dict:
    if category is None and category_slug:
        category = Taxonomy.objects.filter(slug=category_slug, taxonomy_type=TaxonomyType.OFFER_CATEGORY,
                                           is_active=True).first()
    return {"category": category, "tools": list(tools)}


# --- Building courses -----------------------------------------------------------------------------------------


def course_create(*, user, outline: dict, category: Taxonomy | None = None, tools=(),
                  pricing_type: str = CoursePricing.FREE, price_cents: int = 0) -> CoursePage:
    """A draft course (modules and lessons included) owned by `user`, from an outline (see curriculum.py)."""
    if not user.is_authenticated:
        raise PermissionDenied("Sign in to build a course.")
    modules = [m for m in outline.get("modules", []) if m.get("title") and m.get("lessons")]
    if not outline.get("title") or not modules:
        raise ApplicationError("A course needs a title and at least one module with a lesson.",
                               fields={"title": "Give the course a title and at least one lesson."})
    with transaction.atomic():
        index_page = courses_index_ensure()
        difficulty = outline.get("difficulty") if outline.get("difficulty") in Difficulty.values \
            else Difficulty.BEGINNER
        course = CoursePage(
            title=outline["title"][:255], summary=(outline.get("summary") or outline["title"])[:300],
            overview=(outline.get("overview") or "")[:4000], audience=(outline.get("audience") or "")[:1000],
            outcomes=[("outcome", text[:200]) for text in outline.get("outcomes", []) if text],
            difficulty=difficulty, duration_minutes=curriculum.outline_minutes(outline) or 60,
            category=category, pricing_type=pricing_type, price_cents=price_cents,
        )
        course.tools = list(tools)
        _add_draft(index_page, course, user=user)
        for module_outline in modules[:MAX_MODULES]:
            module = _add_draft(course, ModulePage(title=module_outline["title"][:255],
                                                   summary=(module_outline.get("summary") or "")[:500]), user=user)
            for lesson_outline in module_outline["lessons"][:MAX_LESSONS_PER_MODULE]:
                _add_draft(module, LessonPage(
                    title=lesson_outline["title"][:255], summary=(lesson_outline.get("summary") or "")[:300],
                    duration_minutes=lesson_outline.get("duration_minutes") or 10,
                    body=curriculum.lesson_blocks(lesson_outline),
                ), user=user)
    return CoursePage.objects.get(pk=course.pk)


COURSE_EDITABLE_FIELDS = ("title", "summary", "overview", "audience", "outcomes", "difficulty", "duration_minutes",
                          "category", "tools", "pricing_type", "price_cents", "cover_image")


def course_update(*, course: CoursePage, actor, data: dict[str, Any]) -> CoursePage:
    """Save a new draft of the course's details (published on `course_publish`). Creator only."""
    _require_creator(actor, course)
    unknown = set(data) - set(COURSE_EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"Cannot update {', '.join(sorted(unknown))} here.")
    draft = _draft_of(course)
    for name, value in data.items():
        if name == "outcomes":
            value = [("outcome", text[:200]) for text in value if text]
        elif name == "tools":
            value = list(value)
        setattr(draft, name, value)
    if draft.pricing_type == CoursePricing.FREE:
        draft.price_cents = 0
    return _save_draft(draft, user=actor)


def module_create(*, course: CoursePage, actor, title: str, summary: str = "") -> ModulePage:
    _require_creator(actor, course)
    title = " ".join((title or "").split())
    if not title:
        raise ApplicationError("Give the module a title.", fields={"title": "Give the module a title."})
    if ModulePage.objects.child_of(course).count() >= MAX_MODULES:
        raise ApplicationError(f"A course can have up to {MAX_MODULES} modules.")
    return _add_draft(course, ModulePage(title=title[:255], summary=summary[:500]), user=actor)


def module_update(*, course: CoursePage, module: ModulePage, actor, title: str, summary: str | None = None) -> Page:
    _require_creator(actor, course)
    title = " ".join((title or "").split())
    if not title:
        raise ApplicationError("Give the module a title.", fields={"title": "Give the module a title."})
    draft = _draft_of(module)
    draft.title = title[:255]
    if summary is not None:
        draft.summary = summary[:500]
    return _save_draft(draft, user=actor)


def lesson_create(*, course: CoursePage, module: ModulePage, actor, title: str) -> LessonPage:
    """A new draft lesson at the end of the module, with a starter body the creator then edits."""
    _require_creator(actor, course)
    title = " ".join((title or "").split())
    if not title:
        raise ApplicationError("Give the lesson a title.", fields={"title": "Give the lesson a title."})
    if LessonPage.objects.child_of(module).count() >= MAX_LESSONS_PER_MODULE:
        raise ApplicationError(f"A module can have up to {MAX_LESSONS_PER_MODULE} lessons.")
    starter = curriculum.scripted_lesson(title=title, topic=course.title, audience=course.audience)
    return _add_draft(module, LessonPage(title=title[:255], summary=starter["summary"],
                                         body=curriculum.lesson_blocks(starter)), user=actor)


LESSON_EDITABLE_FIELDS = ("title", "summary", "duration_minutes", "is_preview")


def lesson_update(*, course: CoursePage, lesson: LessonPage, actor, data: dict[str, Any]) -> LessonPage:
    _require_creator(actor, course)
    unknown = set(data) - set(LESSON_EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"Cannot update {', '.join(sorted(unknown))} here.")
    draft = _draft_of(lesson)
    for name, value in data.items():
        setattr(draft, name, value)
    return _save_draft(draft, user=actor)


def lesson_body_set(*, course: CoursePage, lesson: LessonPage, actor, blocks: list[dict]) -> LessonPage:
    """Replace the lesson's draft body with `blocks` (stored form), validated by the blocks themselves."""
    _require_creator(actor, course)
    blocks = list(blocks)
    if len(blocks) > LESSON_MAX_BLOCKS:
        raise ApplicationError(f"A lesson can have up to {LESSON_MAX_BLOCKS} blocks.",
                               fields={"body": f"Keep it to {LESSON_MAX_BLOCKS} blocks."})
    stream_block = LessonPage._meta.get_field("body").stream_block
    try:
        value = stream_block.clean(stream_block.to_python(blocks))
    except ValidationError as error:
        problems = block_error_messages(error)
        messages = [f"Block {int(path.split('.')[0]) + 1}: {m}" if path[:1].isdigit() else m
                    for path, found in problems.items() for m in found]
        raise ApplicationError(messages[0] if messages else "Please correct the lesson's blocks.",
                               fields={"body": messages}) from error
    draft = _draft_of(lesson)
    draft.body = value
    return _save_draft(draft, user=actor)


def _siblings(page: Page) -> list[Page]:
    return list(Page.objects.get(pk=page.pk).get_siblings().order_by("path"))


def page_move(*, course: CoursePage, page: ModulePage | LessonPage, actor, direction: str) -> None:
    """Move a module or lesson one place up or down. A lesson at the edge of its module moves into the
    neighbouring module (end of the previous one, start of the next)."""
    _require_creator(actor, course)
    if direction not in ("up", "down"):
        raise ApplicationError("Move up or down.", fields={"direction": "Choose up or down."})
    page = Page.objects.get(pk=page.pk)
    siblings = _siblings(page)
    index = [p.pk for p in siblings].index(page.pk)
    target_index = index - 1 if direction == "up" else index + 1
    with transaction.atomic():
        if 0 <= target_index < len(siblings):
            position = "left" if direction == "up" else "right"
            MovePageAction(page, siblings[target_index], pos=position, user=actor).execute(skip_permission_checks=True)
            return
        if page.specific_class is not LessonPage:
            return  # a module already first or last
        modules = _siblings(page.get_parent())
        module_index = [m.pk for m in modules].index(page.get_parent().pk)
        neighbour = module_index - 1 if direction == "up" else module_index + 1
        if 0 <= neighbour < len(modules):
            target = Page.objects.get(pk=modules[neighbour].pk)
            MovePageAction(page, target, pos="last-child" if direction == "up" else "first-child",
                           user=actor).execute(skip_permission_checks=True)


def page_delete(*, course: CoursePage, page: ModulePage | LessonPage, actor) -> None:
    """Remove a module (with its lessons) or a lesson. Learners' progress in it goes with it."""
    _require_creator(actor, course)
    page = Page.objects.get(pk=page.pk)
    if page.specific_class is LessonPage and LessonPage.objects.descendant_of(course).count() <= 1 and course.live:
        raise ApplicationError("A published course needs at least one lesson. Unpublish it first.")
    DeletePageAction(page, user=actor).execute(skip_permission_checks=True)


# --- Publishing ------------------------------------------------------------------------------------------------


def course_publish_problems(course: CoursePage) -> list[str]:
    """What stops a course from being published from the studio (empty when it is ready)."""
    problems = []
    draft = _draft_of(course)
    if not LessonPage.objects.descendant_of(course).exists():
        problems.append("Add at least one lesson.")
    if not (draft.summary or "").strip():
        problems.append("Write a short summary: it shows on the course card.")
    try:
        draft.full_clean()
    except ValidationError as error:
        problems.extend(str(m) for messages in error.message_dict.values() for m in messages)
    return problems


def _cancel_workflow(page: Page, actor) -> None:
    state = page.current_workflow_state
    if state is not None:
        state.cancel(user=actor)


def course_publish(*, course: CoursePage, actor) -> CoursePage:
    """Publish the course and every module and lesson with unpublished changes (the creator's publish right).

    Publishing the CoursePage creates or updates its offer (signals.py → `course_offer_sync`).
    """
    _require_manager(actor, course)
    problems = course_publish_problems(course)
    if problems:
        raise ApplicationError(problems[0], fields={"publish": problems})
    with transaction.atomic():
        pages = Page.objects.descendant_of(course, inclusive=True).order_by("path").specific()
        for page in pages:
            if page.live and not page.has_unpublished_changes:
                continue
            revision = page.latest_revision or page.save_revision(user=actor)
            _cancel_workflow(page, actor)
            revision.publish(user=actor, skip_permission_checks=True)
    return CoursePage.objects.get(pk=course.pk)


def course_unpublish(*, course: CoursePage, actor) -> CoursePage:
    """Take the course and its lessons offline; its offer is paused (signals.py)."""
    _require_manager(actor, course)
    if not course.live:
        raise ApplicationError("This course isn't published.", code="not_live")
    with transaction.atomic():
        # Wagtail's include_descendants checks admin permissions a studio creator doesn't have; we checked ours.
        pages = Page.objects.descendant_of(course, inclusive=True).live().order_by("path").specific()
        for page in pages:
            UnpublishPageAction(page, user=actor).execute(skip_permission_checks=True)
    return CoursePage.objects.get(pk=course.pk)


# --- The course's offer ------------------------------------------------------------------------------------------


def _absolute(url: str) -> str:
    return url if url.startswith(("http://", "https://")) else f"{settings.SITE_URL}{url}"


def _cover_url(course: CoursePage) -> str:
    if not course.cover_image_id:
        return ""
    try:
        return _absolute(course.cover_image.get_rendition(COVER_SPEC).url)
    except OSError:
        return ""


def course_offer_values(course: CoursePage) -> dict:
    """What the course's offer should say, given the course as published."""
    category = course.category if course.category_id and course.category.is_active else None
    tools = [tool for tool in course.tools.all() if tool.is_active and tool.taxonomy_type == TaxonomyType.TOOL]
    paid = course.pricing_type != CoursePricing.FREE
    return {
        "title": course.title[:200], "description": course.summary or course.title,
        "status": OfferStatus.ACTIVE, "category": category, "tools": tools,
        "pricing_type": PricingType.ONE_TIME if paid else PricingType.FREE,
        "price_cents": course.price_cents if paid else 0, "featured_image_url": _cover_url(course),
    }


def _course_cta(offer: Offer, course: CoursePage) -> None:
    """Keep one "Start the course" button on the offer's page pointing at the course (the creator's own
    blocks are left as they are)."""
    url = _absolute(course.get_url() or "")
    blocks = [dict(block) for block in offer.content.raw_data]
    cta = {"type": "cta", "id": COURSE_CTA_ID, "value": {"label": "Start the course", "url": url, "style": "primary"}}
    existing = next((n for n, block in enumerate(blocks) if block.get("id") == COURSE_CTA_ID), None)
    if existing is not None and blocks[existing].get("value") == cta["value"]:
        return
    if existing is None:
        blocks.append(cta)
    else:
        blocks[existing] = cta
    try:
        offer_content_set(offer=offer, actor=offer.user, blocks=blocks)
    except ApplicationError as error:  # e.g. the creator's page is full: the offer still works without it
        logger.info("Course %s: offer %s keeps its content (%s)", course.pk, offer.pk, error.message)


def course_offer_sync(*, course: CoursePage) -> Offer | None:
    """Create the course's offer (owned by its creator) or bring it in line with the published course."""
    if course.owner_id is None:
        return None
    values = course_offer_values(course)
    offer = Offer.objects.filter(pk=course.offer_id).select_related("user").first() if course.offer_id else None
    if offer is not None and offer.is_archived:
        offer = None  # archived by its owner: a republished course gets a fresh offer
    if offer is None:
        offer = offer_create(user=course.owner, offer_type=OfferType.COURSE, **values)
        CoursePage.objects.filter(pk=course.pk).update(offer=offer)
        course.offer = offer
    else:
        offer_update(offer=offer, actor=offer.user, data={**values, "offer_type": OfferType.COURSE})
    _course_cta(offer, course)
    return offer


def course_offer_pause(*, course: CoursePage) -> None:
    offer = Offer.objects.filter(pk=course.offer_id).first() if course.offer_id else None
    if offer is not None and offer.status == OfferStatus.ACTIVE:
        offer_update(offer=offer, actor=offer.user, data={"status": OfferStatus.PAUSED})


def course_offer_retire(*, offer_id: int | None) -> None:
    """A deleted course's offer is archived (kept for purchase history, gone from discovery)."""
    offer = Offer.objects.filter(pk=offer_id).select_related("user").first() if offer_id else None
    if offer is not None and not offer.is_archived:
        offer_archive(offer=offer, actor=offer.user)


# --- Learning -------------------------------------------------------------------------------------------------------


def enrollment_create(*, user, course: CoursePage) -> Enrollment:
    """Enroll in a published course: free ones at once, paid ones once bought (else 402 with a message)."""
    if not user.is_authenticated:
        raise PermissionDenied("Sign in to enroll.")
    if not course.live:
        raise NotFound("No such course.")
    if not selectors.course_access(user=user, course=course):
        raise ApplicationError(f"“{course.title}” costs {course.price_display}: buy it to enroll.",
                               code="payment_required", status=402)
    enrollment, _ = Enrollment.objects.get_or_create(user=user, course=course,
                                                     defaults={"last_activity_at": timezone.now()})
    return enrollment


def _live_lesson_in_course(lesson_id: int) -> tuple[LessonPage, CoursePage]:
    lesson = LessonPage.objects.live().filter(pk=lesson_id).first()
    course = lesson.get_course() if lesson else None
    if lesson is None or course is None or not course.live:
        raise NotFound("No such lesson.")
    return lesson, course


def _learning_enrollment(user, lesson: LessonPage, course: CoursePage) -> Enrollment:
    """Taking part in a lesson enrolls you in its course, if you may read the lesson at all."""
    if not user.is_authenticated:
        raise PermissionDenied("Sign in to track your progress.")
    if not (selectors.lesson_readable(user=user, lesson=lesson, course=course)
            and selectors.course_access(user=user, course=course)):
        raise ApplicationError(f"Buy “{course.title}” to take its lessons.", code="payment_required", status=402)
    return enrollment_create(user=user, course=course)


def lesson_visit(*, enrollment: Enrollment, lesson: LessonPage) -> None:
    """Remember where the learner is, so "Continue" resumes here."""
    if enrollment.last_lesson_id != lesson.pk:
        now = timezone.now()
        Enrollment.objects.filter(pk=enrollment.pk).update(last_lesson=lesson, last_activity_at=now)
        enrollment.last_lesson_id, enrollment.last_activity_at = lesson.pk, now


@dataclass(frozen=True)
class LessonCompletion:
    progress: LessonProgress
    course_completed: bool
    next_lesson: LessonPage | None


def lesson_complete(*, user, lesson_id: int) -> LessonCompletion:
    """Mark a lesson done for `user` (idempotent); the enrollment records the course's completion."""
    lesson, course = _live_lesson_in_course(lesson_id)
    with transaction.atomic():
        enrollment = _learning_enrollment(user, lesson, course)
        progress, _ = LessonProgress.objects.get_or_create(user=user, lesson=lesson, defaults={"course": course})
        now = timezone.now()
        if progress.completed_at is None:
            progress.completed_at = now
            progress.save(update_fields=["completed_at", "updated_at"])
        lessons = selectors.course_lessons(course)
        done = selectors.completed_lesson_ids(user, course)
        finished = bool(lessons) and all(item.pk in done for item in lessons)
        updates = {"last_lesson": lesson, "last_activity_at": now}
        if finished and enrollment.completed_at is None:
            updates["completed_at"] = now
        Enrollment.objects.filter(pk=enrollment.pk).update(**updates)
    return LessonCompletion(progress=progress, course_completed=finished,
                            next_lesson=selectors.next_lesson(lessons, done, after=lesson))


@dataclass(frozen=True)
class QuizResult:
    correct: bool
    explanation: str
    attempts: int
    choice: int


def quiz_answer(*, user, lesson_id: int, block_id: str, choice) -> QuizResult:
    """Check an answer to one of the lesson's quizzes on the server and remember it."""
    lesson, course = _live_lesson_in_course(lesson_id)
    quiz = next((block for block in lesson.body if block.id == block_id and block.block_type == "quiz"), None)
    if quiz is None:
        raise NotFound("No such quiz in this lesson.")
    choices = list(quiz.value.get("choices") or [])
    try:
        index = int(choice)
    except (TypeError, ValueError):
        index = -1
    if not 0 <= index < len(choices):
        raise ApplicationError("Pick one of the answers.", fields={"choice": "Pick one of the answers."})
    correct = bool(choices[index].get("is_correct"))
    with transaction.atomic():
        _learning_enrollment(user, lesson, course)
        LessonProgress.objects.get_or_create(user=user, lesson=lesson, defaults={"course": course})
        progress = LessonProgress.objects.select_for_update().get(user=user, lesson=lesson)
        answers = dict(progress.quiz_answers or {})
        attempts = int((answers.get(block_id) or {}).get("attempts", 0)) + 1
        answers[block_id] = {"choice": index, "correct": correct, "attempts": attempts}
        progress.quiz_answers = answers
        progress.save(update_fields=["quiz_answers", "updated_at"])
        Enrollment.objects.filter(user=user, course=course).update(last_activity_at=timezone.now())
    return QuizResult(correct=correct, explanation=(quiz.value.get("explanation") or "") if correct else "",
                      attempts=attempts, choice=index)


def learner_profile_update(*, user, goals: str = "", preferred_difficulty: str = "", interests=()) -> LearnerProfile:
    if preferred_difficulty and preferred_difficulty not in Difficulty.values:
        raise ApplicationError("Choose a difficulty from the list.", fields={"preferred_difficulty": "Unknown."})
    interests = list(interests)
    bad = [t.slug for t in interests if t.taxonomy_type != TaxonomyType.OFFER_CATEGORY or not t.is_active]
    if bad:
        raise ApplicationError("Choose categories from the list.", fields={"interests": f"Unknown: {', '.join(bad)}."})
    profile, _ = LearnerProfile.objects.get_or_create(user=user)
    profile.goals = (goals or "").strip()[:1000]
    profile.preferred_difficulty = preferred_difficulty or ""
    profile.save()
    profile.interests.set(interests)
    return profile


# --- Saved learning paths --------------------------------------------------------------------------------------------


def _require_path_owner(actor, learning_path: SavedLearningPath) -> None:
    acts_for = learning_path.user_id == actor.pk or (
        selectors.AgentProfile.objects.filter(user_id=learning_path.user_id, owner_id=actor.pk).exists())
    if not acts_for:
        raise NotFound("No such learning path.")


def _path_slug(user, title: str, *, exclude_pk=None) -> str:
    return unique_slug(title, SavedLearningPath.objects.filter(user=user).exclude(pk=exclude_pk), max_length=130,
                       fallback="path")


def learning_path_create(*, user, title: str, description: str = "", is_public: bool = False) -> SavedLearningPath:
    title = " ".join((title or "").split())[:120]
    if not title:
        raise ApplicationError("Give your path a name.", fields={"title": "Give your path a name."})
    return SavedLearningPath.objects.create(user=user, title=title, slug=_path_slug(user, title),
                                            description=(description or "").strip()[:1000], is_public=is_public)


def learning_path_update(*, learning_path: SavedLearningPath, actor, title: str, description: str = "",
                         is_public: bool = False) -> SavedLearningPath:
    _require_path_owner(actor, learning_path)
    title = " ".join((title or "").split())[:120]
    if not title:
        raise ApplicationError("Give your path a name.", fields={"title": "Give your path a name."})
    learning_path.title, learning_path.description, learning_path.is_public = title, description[:1000], is_public
    learning_path.save()
    return learning_path


def learning_path_delete(*, learning_path: SavedLearningPath, actor) -> None:
    _require_path_owner(actor, learning_path)
    learning_path.delete()


def learning_path_add(*, learning_path: SavedLearningPath, actor, course: CoursePage | None = None,
                      lesson: LessonPage | None = None, note: str = "") -> LearningPathItem:
    """Add a published course or lesson at the end of the path (once)."""
    _require_path_owner(actor, learning_path)
    if (course is None) == (lesson is None):
        raise ApplicationError("Choose a course or a lesson to add.")
    target = course or lesson
    if not target.live:
        raise NotFound("No such course or lesson.")
    existing = learning_path.items.filter(course=course) if course else learning_path.items.filter(lesson=lesson)
    if existing.exists():
        raise ApplicationError(f"“{target.title}” is already in “{learning_path.title}”.", code="duplicate")
    last = learning_path.items.order_by("-sort_order").values_list("sort_order", flat=True).first()
    item = LearningPathItem.objects.create(path=learning_path, course=course, lesson=lesson, note=note[:240],
                                           sort_order=(last or 0) + 1)
    SavedLearningPath.objects.filter(pk=learning_path.pk).update(updated_at=timezone.now())
    return item


def learning_path_item_move(*, item: LearningPathItem, actor, direction: str) -> None:
    _require_path_owner(actor, item.path)
    items = list(item.path.items.order_by("sort_order", "pk"))
    index = [i.pk for i in items].index(item.pk)
    target = index - 1 if direction == "up" else index + 1
    if direction not in ("up", "down") or not 0 <= target < len(items):
        return
    items[index], items[target] = items[target], items[index]
    with transaction.atomic():
        for position, step in enumerate(items, start=1):
            if step.sort_order != position:
                LearningPathItem.objects.filter(pk=step.pk).update(sort_order=position)


def learning_path_item_remove(*, item: LearningPathItem, actor) -> None:
    _require_path_owner(actor, item.path)
    item.delete()


# --- The Course Publisher --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProposalOutcome:
    proposal: CourseProposal
    notice: str = ""


def course_proposal_create(*, user, topic: str, audience: str = "", goals: str = "",
                           difficulty: str = Difficulty.BEGINNER, provider=None) -> ProposalOutcome:
    """Propose a curriculum for the creator to edit.

    With a language model configured (the same provider as Ava), the proposal comes from the model and
    costs FEATURE_COSTS["course_builder_assist"] (10) credits, charged once per proposal and only when the
    model's answer is used. Without a model, or without enough credits, the built-in outline is free.
    """
    from assistant.llm import get_provider
    from economy.services import credits_spend

    if not user.is_authenticated or user.is_agent:
        raise PermissionDenied("Sign in as a member to build a course.")
    topic = " ".join((topic or "").split())[:200]
    if len(topic) < 3:
        raise ApplicationError("Tell us what the course is about.", fields={"topic": "Tell us what it's about."})
    audience = " ".join((audience or "").split())[:300]
    goals = (goals or "").strip()[:1500]
    difficulty = difficulty if difficulty in Difficulty.values else Difficulty.BEGINNER
    provider = provider or get_provider()
    notice = ""
    outline, source = None, ProposalSource.SCRIPTED
    if provider.uses_model:
        balance = type(user).objects.filter(pk=user.pk).values_list("credit_balance", flat=True).first() or 0
        if balance < COURSE_BUILDER_COST:
            notice = (f"An AI-written proposal costs {COURSE_BUILDER_COST} credits and you have {balance}, so this is "
                      "the free built-in outline. You can turn points into credits on My points.")
        else:
            outline = curriculum.model_outline(provider, topic=topic, audience=audience, goals=goals,
                                               difficulty=difficulty)
            if outline is None:
                notice = "The AI model didn't answer well this time, so this is the free built-in outline."
            else:
                source = ProposalSource.MODEL
    if outline is None:
        from collective.selectors import tools_public

        tool_names = frozenset(name.lower() for name in tools_public().values_list("name", flat=True))
        outline = curriculum.scripted_outline(topic=topic, audience=audience, goals=goals, difficulty=difficulty,
                                              proper_nouns=tool_names)
    with transaction.atomic():
        proposal = CourseProposal.objects.create(user=user, topic=topic, audience=audience, goals=goals,
                                                 difficulty=difficulty, outline=outline, source=source)
        if source == ProposalSource.MODEL:
            credits_spend(user=user, feature=CreditFeature.COURSE_BUILDER_ASSIST,
                          idempotency_key=f"course-proposal:{proposal.pk}", metadata={"proposal": proposal.pk})
            CourseProposal.objects.filter(pk=proposal.pk).update(credits_spent=COURSE_BUILDER_COST)
            proposal.credits_spent = COURSE_BUILDER_COST
    return ProposalOutcome(proposal=proposal, notice=notice)


def course_create_from_proposal(*, proposal: CourseProposal, user, outline: dict) -> CoursePage:
    """Turn the (edited) proposal into a draft course. Once only: the draft is the thing to edit next."""
    if proposal.user_id != user.pk:
        raise NotFound("No such proposal.")
    if proposal.course_id:
        raise ApplicationError("This proposal is already a draft course.", code="already_created")
    with transaction.atomic():
        course = course_create(user=user, outline=outline)
        CourseProposal.objects.filter(pk=proposal.pk).update(course=course)
        proposal.course = course
    return course
