"""Forms of the catalogue, the creator studio (Course Publisher, course and lesson editors) and /my/learning/.

They check shapes (and turn dollars into cents); courses.services decides what is allowed and reports
problems as ApplicationError, which `add_application_error` puts on the right field.
"""
from __future__ import annotations

from decimal import Decimal

from django import forms

from collective.content_forms import BlockForm as OfferBlockForm
from collective.content_forms import CodeForm, RowForm, TextBlockForm, VideoForm, _list_values
from collective.selectors import offer_categories, tools_public
from core.forms import AsciiDecimalField, ServiceFormMixin

from . import curriculum
from .choices import CoursePricing, CourseSort, Difficulty, PriceFilter
from .models import LessonPage

MAX_PRICE = Decimal("100000")
EXTRA_LESSON_SLOTS = 1

# --- The catalogue -------------------------------------------------------------------------------------

DEFAULT_FILTERS = {"q": "", "category": "", "difficulty": "", "price": "", "sort": CourseSort.POPULAR}


class CourseFilterForm(forms.Form):
    """/discover/courses/: a GET form htmx also submits in place. Invalid values are ignored with a notice."""

    q = forms.CharField(required=False, max_length=100, label="Search courses",
                        widget=forms.TextInput(attrs={"type": "search", "class": "input", "autocomplete": "off",
                                                      "placeholder": "Try “prompting” or “automation”"}))
    category = forms.ChoiceField(required=False, label="Category", widget=forms.Select(attrs={"class": "input"}))
    difficulty = forms.ChoiceField(required=False, label="Level", choices=[("", "Any level"), *Difficulty.choices],
                                   widget=forms.Select(attrs={"class": "input"}))
    price = forms.ChoiceField(required=False, label="Price", choices=[("", "Any price"), *PriceFilter.choices],
                              widget=forms.Select(attrs={"class": "input"}))
    sort = forms.ChoiceField(required=False, label="Sort by", choices=CourseSort.choices,
                             widget=forms.Select(attrs={"class": "input"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", "All categories"),
                                           *offer_categories().values_list("slug", "name")]

    def cleaned_filters(self) -> dict:
        if not self.is_bound:
            return dict(DEFAULT_FILTERS)
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {name: (data.get(name) or default) for name, default in DEFAULT_FILTERS.items()}


# --- The Course Publisher ----------------------------------------------------------------------------------------


class PublisherForm(ServiceFormMixin, forms.Form):
    topic = forms.CharField(label="What will you teach?", max_length=200,
                            widget=forms.TextInput(attrs={"placeholder": "e.g. Prompt writing for customer support"}))
    audience = forms.CharField(label="Who is it for?", max_length=300, required=False,
                               widget=forms.TextInput(attrs={"placeholder": "e.g. support leads new to AI"}))
    goals = forms.CharField(label="What should learners be able to do afterwards?", max_length=1500, required=False,
                            widget=forms.Textarea(attrs={"rows": 5, "placeholder": "One goal per line, e.g.\n"
                                                         "Draft replies with AI in their brand voice\n"
                                                         "Check answers before they reach customers"}),
                            help_text="One goal per line. Each becomes a hands-on lesson.")
    difficulty = forms.ChoiceField(label="Level", choices=Difficulty.choices, initial=Difficulty.BEGINNER,
                                   widget=forms.RadioSelect)


class OutlineForm(forms.Form):
    """The proposed curriculum as editable fields: course title and summary, module titles, lesson titles.

    Clearing a title removes that module or lesson; the blank slots add new ones. Lessons keep the
    content the proposal drafted for them; new lessons get a starter body.
    """

    title = forms.CharField(label="Course title", max_length=120)
    summary = forms.CharField(label="Summary", max_length=300, widget=forms.Textarea(attrs={"rows": 2}),
                              help_text="Shows on the course card and in search.")
    outcomes = forms.CharField(label="Learners will be able to…", required=False, max_length=2000,
                               widget=forms.Textarea(attrs={"rows": 3}), help_text="One outcome per line.")

    def __init__(self, *args, outline: dict, topic: str = "", **kwargs):
        self.outline = outline
        self.topic = topic
        initial = {"title": outline.get("title", ""), "summary": outline.get("summary", ""),
                   "outcomes": "\n".join(outline.get("outcomes", []))}
        super().__init__(*args, initial=initial, **kwargs)
        self.modules = []
        for m, module in enumerate([*outline.get("modules", []), {"title": "", "lessons": []}]):
            module_field = f"module_{m}"
            self.fields[module_field] = forms.CharField(
                label=f"Module {m + 1}", max_length=120, required=False, initial=module.get("title", ""),
                widget=forms.TextInput(attrs={"class": "input",
                                              "placeholder": "Add a module" if not module.get("title") else ""}))
            lesson_fields = []
            slots = len(module.get("lessons", [])) + (EXTRA_LESSON_SLOTS if module.get("title") else 2)
            for n in range(slots):
                lessons = module.get("lessons", [])
                name = f"module_{m}_lesson_{n}"
                self.fields[name] = forms.CharField(
                    label=f"Lesson {n + 1}", max_length=120, required=False,
                    initial=lessons[n]["title"] if n < len(lessons) else "",
                    widget=forms.TextInput(attrs={"class": "input",
                                                  "placeholder": "Add a lesson" if n >= len(lessons) else ""}))
                lesson_fields.append(name)
            self.modules.append({"field": module_field, "lessons": lesson_fields, "is_new": not module.get("title")})

    def module_rows(self) -> list[dict]:
        return [{"title": self[row["field"]], "lessons": [self[name] for name in row["lessons"]],
                 "is_new": row["is_new"]} for row in self.modules]

    def clean(self):
        data = super().clean()
        if not any(data.get(row["field"]) and any(data.get(name) for name in row["lessons"]) for row in self.modules):
            raise forms.ValidationError("Keep at least one module with one lesson.")
        return data

    def edited_outline(self) -> dict:
        """The outline with the creator's edits applied (call after is_valid())."""
        data = self.cleaned_data
        originals = self.outline.get("modules", [])
        modules = []
        for m, row in enumerate(self.modules):
            title = data.get(row["field"], "").strip()
            if not title:
                continue
            old_lessons = originals[m]["lessons"] if m < len(originals) else []
            lessons = []
            for n, name in enumerate(row["lessons"]):
                lesson_title = data.get(name, "").strip()
                if not lesson_title:
                    continue
                if n < len(old_lessons):
                    lesson = dict(old_lessons[n], title=lesson_title)
                else:
                    lesson = curriculum.scripted_lesson(title=lesson_title, topic=self.topic or data["title"],
                                                        audience=self.outline.get("audience", ""))
                lessons.append(lesson)
            if lessons:
                summary = originals[m].get("summary", "") if m < len(originals) else ""
                modules.append({"title": title, "summary": summary, "lessons": lessons})
        outcomes = [line.strip() for line in data.get("outcomes", "").splitlines() if line.strip()]
        return {**self.outline, "title": data["title"].strip(), "summary": data["summary"].strip(),
                "outcomes": outcomes[:8], "modules": modules}


# --- The course editor ---------------------------------------------------------------------------------------------


def _dollars(cents: int | None) -> Decimal | None:
    return None if not cents else (Decimal(cents) / 100).quantize(Decimal("0.01"))


class CourseDetailsForm(ServiceFormMixin, forms.Form):
    title = forms.CharField(label="Course title", max_length=120)
    summary = forms.CharField(label="Summary", max_length=300, widget=forms.Textarea(attrs={"rows": 2}),
                              help_text="One or two sentences for the course card, search and your offer.")
    overview = forms.CharField(label="Overview", max_length=4000, required=False,
                               widget=forms.Textarea(attrs={"rows": 5}),
                               help_text="What the course covers. A blank line starts a new paragraph.")
    audience = forms.CharField(label="Who it's for", max_length=1000, required=False,
                               widget=forms.Textarea(attrs={"rows": 2}))
    outcomes = forms.CharField(label="Learners will be able to…", max_length=2000, required=False,
                               widget=forms.Textarea(attrs={"rows": 4}), help_text="One outcome per line.")
    difficulty = forms.ChoiceField(label="Level", choices=Difficulty.choices)
    duration_minutes = forms.IntegerField(label="Duration (minutes)", min_value=1, max_value=100_000,
                                          help_text="Estimated time to finish the whole course.")
    category = forms.ModelChoiceField(label="Category", queryset=None, required=False,
                                      empty_label="Choose a category")
    tools = forms.ModelMultipleChoiceField(label="Tools it teaches", queryset=None, required=False,
                                           widget=forms.CheckboxSelectMultiple,
                                           help_text="They show on the course's offer as “Built with …” badges.")
    pricing_type = forms.ChoiceField(label="Pricing", choices=CoursePricing.choices)
    price = AsciiDecimalField(label="Price (USD)", required=False, min_value=Decimal("1"), max_value=MAX_PRICE,
                               decimal_places=2, max_digits=9,
                               widget=forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"}),
                               help_text="Learners buy it through checkout before they can open the lessons.")

    service_field_map = {"price_cents": "price", "duration_minutes": "duration_minutes"}

    def __init__(self, *args, course=None, **kwargs):
        if course is not None:
            kwargs.setdefault("initial", {
                "title": course.title, "summary": course.summary, "overview": course.overview,
                "audience": course.audience, "outcomes": "\n".join(course.outcomes_list),
                "difficulty": course.difficulty, "duration_minutes": course.duration_minutes,
                "category": course.category_id, "tools": [t.pk for t in course.tools.all()],
                "pricing_type": course.pricing_type, "price": _dollars(course.price_cents),
            })
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = offer_categories()
        self.fields["tools"].queryset = tools_public().order_by("name")

    def clean(self):
        data = super().clean()
        if data.get("pricing_type") == CoursePricing.ONE_TIME and not data.get("price"):
            self.add_error("price", "Set a price, or make the course free.")
        return data

    def service_data(self) -> dict:
        data = self.cleaned_data
        paid = data["pricing_type"] == CoursePricing.ONE_TIME
        return {
            "title": data["title"], "summary": data["summary"], "overview": data["overview"],
            "audience": data["audience"],
            "outcomes": [line.strip() for line in data["outcomes"].splitlines() if line.strip()][:8],
            "difficulty": data["difficulty"], "duration_minutes": data["duration_minutes"],
            "category": data.get("category"), "tools": list(data.get("tools") or []),
            "pricing_type": data["pricing_type"],
            "price_cents": int((data["price"] * 100).to_integral_value()) if paid and data.get("price") else 0,
        }


class TitleForm(ServiceFormMixin, forms.Form):
    title = forms.CharField(label="Title", max_length=120)


class LessonDetailsForm(ServiceFormMixin, forms.Form):
    title = forms.CharField(label="Lesson title", max_length=120)
    summary = forms.CharField(label="Summary", max_length=300, required=False,
                              widget=forms.Textarea(attrs={"rows": 2}), help_text="One sentence on what it teaches.")
    duration_minutes = forms.IntegerField(label="Duration (minutes)", min_value=1, max_value=600)
    is_preview = forms.BooleanField(label="Free preview", required=False,
                                    help_text="Anyone can read this lesson, even when the course is paid.")

    def __init__(self, *args, lesson=None, **kwargs):
        if lesson is not None:
            kwargs.setdefault("initial", {"title": lesson.title, "summary": lesson.summary,
                                          "duration_minutes": lesson.duration_minutes,
                                          "is_preview": lesson.is_preview})
        super().__init__(*args, **kwargs)


# --- Lesson blocks: the offer editor's block forms, pointed at LessonPage.body -------------------------------------


class LessonBlockMixin:
    """Validate against the lesson body's blocks instead of Offer.content's."""

    @property
    def block(self):
        return LessonPage._meta.get_field("body").stream_block.child_blocks[self.block_type]


class LessonTextForm(LessonBlockMixin, TextBlockForm):
    block_type = "text"


class LessonVideoForm(LessonBlockMixin, VideoForm):
    block_type = "video"


class LessonCodeForm(LessonBlockMixin, CodeForm):
    block_type = "code"


class QuizChoiceRowForm(RowForm):
    text = forms.CharField(label="Answer", max_length=200, required=False)
    is_correct = forms.BooleanField(label="This is the right answer", required=False)

    def is_blank(self) -> bool:
        return not (getattr(self, "cleaned_data", {}) or {}).get("text")


class QuizForm(LessonBlockMixin, OfferBlockForm):
    block_type, type_label, type_icon = "quiz", "Quiz question", "circle-help"
    type_description = "A multiple-choice question; the right answer is checked on the server."
    rows_child, row_form, max_rows, rows_label, row_noun = "choices", QuizChoiceRowForm, 6, "Answers", "answer"

    question = forms.CharField(label="Question", max_length=300)
    explanation = forms.CharField(label="Explanation", max_length=1000, required=False,
                                  widget=forms.Textarea(attrs={"rows": 2}),
                                  help_text="Shown once the learner picks the right answer.")

    def raw_row(self, data: dict) -> dict:
        return {"text": data.get("text") or "", "is_correct": bool(data.get("is_correct"))}


class ExerciseForm(LessonBlockMixin, OfferBlockForm):
    block_type, type_label, type_icon = "exercise", "Exercise", "hammer"
    type_description = "A task to practise what the lesson taught."

    title = forms.CharField(label="Title", max_length=120, initial="Try it")
    instructions = forms.CharField(label="Instructions", max_length=2000, widget=forms.Textarea(attrs={"rows": 4}))
    hint = forms.CharField(label="Hint", max_length=600, required=False, widget=forms.Textarea(attrs={"rows": 2}))


class TakeawayRowForm(RowForm):
    text = forms.CharField(label="Takeaway", max_length=240, required=False)


class SummaryForm(LessonBlockMixin, OfferBlockForm):
    block_type, type_label, type_icon = "summary", "Key takeaways", "lightbulb"
    type_description = "Two to five points worth remembering."
    rows_child, row_form, max_rows, rows_label, row_noun = "points", TakeawayRowForm, 8, "Takeaways", "takeaway"

    heading = forms.CharField(label="Heading", max_length=100, initial="Key takeaways")

    def rows_initial_from(self, value) -> list[dict]:
        return [{"text": str(point)} for point in _list_values((value or {}).get("points"))]

    def raw_row(self, data: dict) -> str:
        return data.get("text") or ""


LESSON_BLOCK_FORMS = {form.block_type: form for form in (LessonTextForm, LessonVideoForm, LessonCodeForm, QuizForm,
                                                          ExerciseForm, SummaryForm)}
LESSON_BLOCK_LABELS = {"image": ("Image", "package"), **{key: (form.type_label, form.type_icon)
                                                          for key, form in LESSON_BLOCK_FORMS.items()}}


# --- Learners ------------------------------------------------------------------------------------------------------


class QuizAnswerForm(forms.Form):
    choice = forms.IntegerField(min_value=0, max_value=20, error_messages={"required": "Pick one of the answers."})


class LearnerProfileForm(ServiceFormMixin, forms.Form):
    goals = forms.CharField(label="What do you want to learn?", max_length=1000, required=False,
                            widget=forms.Textarea(attrs={"rows": 3, "placeholder": "e.g. automate my invoicing, "
                                                                                   "write better prompts"}))
    preferred_difficulty = forms.ChoiceField(label="Level that suits you", required=False,
                                             choices=[("", "Any level"), *Difficulty.choices])
    interests = forms.ModelMultipleChoiceField(label="Topics you care about", queryset=None, required=False,
                                               widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, profile=None, **kwargs):
        if profile is not None:
            kwargs.setdefault("initial", {"goals": profile.goals,
                                          "preferred_difficulty": profile.preferred_difficulty,
                                          "interests": [c.pk for c in profile.interests.all()]})
        super().__init__(*args, **kwargs)
        self.fields["interests"].queryset = offer_categories()


class LearningPathForm(ServiceFormMixin, forms.Form):
    title = forms.CharField(label="Name", max_length=120,
                            widget=forms.TextInput(attrs={"placeholder": "e.g. AI for my marketing job"}))
    description = forms.CharField(label="What it's for", max_length=1000, required=False,
                                  widget=forms.Textarea(attrs={"rows": 2}))
    is_public = forms.BooleanField(label="Share it publicly", required=False,
                                   help_text="Anyone with the link can see it (and learn from it).")


class SaveToPathForm(forms.Form):
    """"Save to a learning path" on a course or lesson: an existing path, or a new one by name."""

    path = forms.IntegerField(required=False)
    new_title = forms.CharField(required=False, max_length=120, label="New path name")
    course = forms.IntegerField(required=False)
    lesson = forms.IntegerField(required=False)

    def clean(self):
        data = super().clean()
        if not data.get("path") and not (data.get("new_title") or "").strip():
            raise forms.ValidationError("Choose a path, or name a new one.")
        if bool(data.get("course")) == bool(data.get("lesson")):
            raise forms.ValidationError("Choose a course or a lesson to save.")
        return data
