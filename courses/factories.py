"""Factories for courses. A created course is built by the same service the Course Publisher uses (a draft
with modules and lessons owned by its creator) and, unless `publish=False`, published through it, so its
offer exists exactly as after a creator clicks Publish."""
import factory

from members.factories import UserFactory

from . import services
from .choices import CoursePricing, Difficulty
from .models import CoursePage


def lesson_outline(title: str, *, quiz: bool = True) -> dict:
    lesson = {"title": title, "summary": f"What {title} is about.", "duration_minutes": 10,
              "intro": f"This is the lesson {title}.",
              "exercise": {"title": "Try it", "instructions": f"Practise {title}.", "hint": ""},
              "takeaways": [f"{title} matters."]}
    if quiz:
        lesson["quiz"] = {"question": f"Is {title} useful?", "choices": ["Yes", "No", "Maybe"], "correct": 0,
                          "explanation": "It is, with practice."}
    return lesson


class CoursePageFactory(factory.Factory):
    owner = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Course {n}")
    summary = factory.LazyAttribute(lambda course: f"{course.title}: learn it in short lessons.")
    difficulty = Difficulty.BEGINNER
    pricing_type = CoursePricing.FREE
    price_cents = 0
    modules = 2
    lessons_per_module = 2

    class Meta:
        model = CoursePage

    @classmethod
    def _create(cls, model_class, *args, owner, modules=2, lessons_per_module=2, publish=True, category=None,
                tools=(), audience="", **kwargs):
        outline = {
            "title": kwargs["title"], "summary": kwargs["summary"], "difficulty": kwargs["difficulty"],
            "audience": audience, "overview": f"{kwargs['title']} overview.", "outcomes": ["Do the thing"],
            "modules": [{"title": f"Module {m + 1}", "summary": "",
                         "lessons": [lesson_outline(f"Lesson {m + 1}.{n + 1}") for n in range(lessons_per_module)]}
                        for m in range(modules)],
        }
        course = services.course_create(user=owner, outline=outline, category=category, tools=tools,
                                        pricing_type=kwargs["pricing_type"], price_cents=kwargs["price_cents"])
        if publish:
            course = services.course_publish(course=course, actor=owner)
        return CoursePage.objects.get(pk=course.pk)
