"""Loading Sage's courses and learning path from courses/fixtures/sage_courses.yaml (`manage.py seed_sage_courses`).

Idempotent and in one transaction: a course or path that already exists is kept unless `overwrite` is set.
Courses are built and published through the same services as the studio, so each gets (or adopts) exactly
one offer owned by Sage, shown on @allierays's profile under "Learn From Me" (courses by Sage).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.db import transaction

from collective.choices import TaxonomyType
from collective.models import Offer, Taxonomy
from collective.services import offer_categories_seed, offer_content_set
from core.errors import ApplicationError
from members.models import User

from . import services
from .choices import Difficulty
from .models import CoursePage, LearningPathItem, LessonPage, SavedLearningPath

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "sage_courses.yaml"
# The demo community's placeholder "Start lesson one" buttons point here; the real course replaces them.
PLACEHOLDER_LINK = "https://allthrive.example.com/learn/"
DEMO_LEARNER = "mayaokafor"


@dataclass
class SeedReport:
    created: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    adopted_offers: list[str] = field(default_factory=list)
    paths: list[str] = field(default_factory=list)
    demo_progress: bool = False


def fixture_load(path: Path = FIXTURE) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not isinstance(data.get("courses"), list):
        raise ApplicationError(f"{path} must have a top-level `courses:` list.")
    return data


def _first_sentence(text: str) -> str:
    match = re.match(r"(.+?[.!?])(\s|$)", " ".join(text.split()))
    return (match.group(1) if match else text)[:300]


def _outline(spec: dict) -> dict:
    difficulty = spec.get("difficulty") if spec.get("difficulty") in Difficulty.values else Difficulty.BEGINNER
    modules = []
    for module in spec["modules"]:
        lessons = []
        for lesson in module["lessons"]:
            quiz = lesson.get("quiz")
            lessons.append({
                "title": lesson["title"], "summary": _first_sentence(lesson.get("text", "")),
                "duration_minutes": lesson.get("minutes", 15), "intro": lesson.get("text", ""),
                "prompt": lesson.get("prompt", ""), "exercise": lesson.get("exercise"),
                "quiz": quiz, "takeaways": lesson.get("takeaways", []),
            })
        modules.append({"title": module["title"], "summary": module.get("summary", ""), "lessons": lessons})
    return {"title": spec["title"], "summary": " ".join(spec["summary"].split()), "overview": spec.get("overview", ""),
            "audience": spec.get("audience", ""), "difficulty": difficulty, "outcomes": spec.get("outcomes", []),
            "modules": modules}


def _adopt_offer(course: CoursePage, owner: User, slug: str) -> Offer | None:
    """Link the demo community's offer for this course (same owner and slug), dropping placeholder buttons."""
    offer = Offer.objects.filter(user=owner, slug=slug, is_archived=False).first()
    if offer is None or CoursePage.objects.filter(offer=offer).exclude(pk=course.pk).exists():
        return None
    CoursePage.objects.filter(pk=course.pk).update(offer=offer)
    blocks = [dict(b) for b in offer.content.raw_data]
    kept = [b for b in blocks if not (b.get("type") == "cta"
                                       and str((b.get("value") or {}).get("url", "")).startswith(PLACEHOLDER_LINK))]
    if len(kept) != len(blocks):
        offer_content_set(offer=offer, actor=owner, blocks=kept)
    return offer


def _seed_course(spec: dict, owner: User, index_page, *, overwrite: bool, report: SeedReport) -> CoursePage:
    existing = CoursePage.objects.child_of(index_page).filter(slug=spec["slug"]).first()
    if existing is not None and not overwrite:
        report.kept.append(spec["slug"])
        return existing
    if existing is not None:
        # Keep the offer (and its purchase history) for the rebuilt course.
        CoursePage.objects.filter(pk=existing.pk).update(offer=None)
        existing.delete()
    terms = Taxonomy.objects.filter(is_active=True)
    category = terms.filter(taxonomy_type=TaxonomyType.OFFER_CATEGORY, slug=spec.get("category")).first()
    tools = list(terms.filter(taxonomy_type=TaxonomyType.TOOL, slug__in=spec.get("tools", [])))
    course = services.course_create(user=owner, outline=_outline(spec), category=category, tools=tools)
    if course.slug != spec["slug"]:
        CoursePage.objects.filter(pk=course.pk).update(slug=spec["slug"])
        course = CoursePage.objects.get(pk=course.pk)
        course.save_revision(user=owner)  # the revision carries the slug that publishing applies
    if _adopt_offer(course, owner, spec["slug"]) is not None:
        report.adopted_offers.append(spec["slug"])
    course = services.course_publish(course=CoursePage.objects.get(pk=course.pk), actor=owner)
    report.created.append(spec["slug"])
    return course


def _seed_path(spec: dict, owner: User, courses: dict[str, CoursePage], *, overwrite: bool,
               report: SeedReport) -> None:
    found = SavedLearningPath.objects.filter(user=owner, slug=spec["slug"]).first()
    if found is not None and not overwrite:
        return
    found = found or SavedLearningPath(user=owner, slug=spec["slug"])
    found.title, found.description, found.is_public = spec["title"], " ".join(spec.get("description", "").split()), True
    found.save()
    found.items.all().delete()
    for position, step in enumerate(spec.get("steps", []), start=1):
        course = courses.get(step.get("course"))
        if course is not None:
            LearningPathItem.objects.create(path=found, course=course, note=step.get("note", ""), sort_order=position)
    report.paths.append(spec["slug"])


def _seed_demo_progress(courses: dict[str, CoursePage]) -> bool:
    """A demo member partway through two of Sage's courses, so /my/learning/ shows real progress."""
    learner = User.objects.filter(username=DEMO_LEARNER).first()
    if learner is None or services.Enrollment.objects.filter(user=learner).exists():
        return False
    plan = [("prompting-101-talk-to-ai-like-a-colleague", 2), ("ai-foundations-for-non-technical-founders", 1)]
    for slug, done in plan:
        course = courses.get(slug)
        if course is None:
            continue
        services.enrollment_create(user=learner, course=course)
        lessons = list(LessonPage.objects.live().descendant_of(course).order_by("path"))
        for lesson in lessons[:done]:
            quiz = next((b for b in lesson.body if b.block_type == "quiz"), None)
            if quiz is not None:
                right = next(n for n, c in enumerate(quiz.value["choices"]) if c.get("is_correct"))
                services.quiz_answer(user=learner, lesson_id=lesson.pk, block_id=quiz.id, choice=right)
            services.lesson_complete(user=learner, lesson_id=lesson.pk)
    services.learner_profile_update(
        user=learner, goals="Write better prompts for client work and automate my weekly reports",
        interests=Taxonomy.objects.filter(slug__in=["learning-education", "operations"]))
    return True


def sage_courses_seed(*, data: dict | None = None, overwrite: bool = False, demo_progress: bool = False) -> SeedReport:
    data = data or fixture_load()
    owner = User.objects.filter(username=data.get("owner", "sage")).first()
    if owner is None:
        raise ApplicationError(f"@{data.get('owner', 'sage')} doesn't exist yet: run `manage.py seed_core_team` first.")
    report = SeedReport()
    with transaction.atomic():
        offer_categories_seed()
        index_page = services.courses_index_ensure()
        services.course_creators_group_ensure(index_page)
        courses = {spec["slug"]: _seed_course(spec, owner, index_page, overwrite=overwrite, report=report)
                   for spec in data["courses"]}
        for spec in data.get("paths", []):
            _seed_path(spec, owner, courses, overwrite=overwrite, report=report)
        if demo_progress:
            report.demo_progress = _seed_demo_progress(courses)
    return report
