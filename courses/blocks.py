"""StreamField blocks of course pages: what a course promises (outcomes) and what a lesson is made of.

Lesson bodies reuse the collective's text, video, code and image blocks, and add three learning blocks:
a quiz (whose correct answer stays on the server: neither its template nor its API representation
carries it), an exercise and a summary of key takeaways.
"""
from django.core.exceptions import ValidationError
from wagtail import blocks

from core.blocks import CodeSnippetBlock, ImageBlock, SanitizedRichTextBlock, VideoEmbedBlock

QUIZ_MIN_CHOICES = 2
QUIZ_MAX_CHOICES = 6


class OutcomesBlock(blocks.StreamBlock):
    """What a learner can do after the course, one short item each ("Write a prompt that ...")."""

    outcome = blocks.CharBlock(max_length=200, icon="tick", label="Outcome",
                               description="One thing learners can do after the course.",
                               preview_value="Write a prompt that gets a useful first draft")


class QuizChoiceBlock(blocks.StructBlock):
    """One answer of a quiz question."""

    text = blocks.CharBlock(max_length=200, label="Answer")
    is_correct = blocks.BooleanBlock(required=False, label="Correct answer")

    class Meta:
        icon = "radio-full"
        label = "Choice"


class QuizBlock(blocks.StructBlock):
    """A multiple-choice question learners answer in the lesson; the answer is checked on the server."""

    question = blocks.CharBlock(max_length=300)
    choices = blocks.ListBlock(QuizChoiceBlock(), min_num=QUIZ_MIN_CHOICES, max_num=QUIZ_MAX_CHOICES)
    explanation = blocks.TextBlock(required=False, max_length=1000,
                                   help_text="Shown once the learner picks the right answer.")

    def clean(self, value):
        value = super().clean(value)
        correct = sum(1 for choice in value.get("choices", []) if choice.get("is_correct"))
        if correct != 1:
            raise blocks.StructBlockValidationError(
                block_errors={"choices": ValidationError("Mark exactly one answer as correct.")}
            )
        return value

    def get_api_representation(self, value, context=None):
        # Never the correctness flags nor the explanation: clients post an answer to be checked.
        return {"question": value.get("question", ""),
                "choices": [choice.get("text", "") for choice in value.get("choices", [])]}

    class Meta:
        icon = "help"
        template = "courses/blocks/quiz_block.html"
        description = "A multiple-choice question with one right answer."
        preview_value = {
            "question": "What should a good prompt say first?",
            "choices": [{"text": "The goal and who it's for", "is_correct": True},
                        {"text": "Please and thank you", "is_correct": False}],
            "explanation": "Context first: the model can't guess what you want.",
        }


class ExerciseBlock(blocks.StructBlock):
    """A hands-on task learners do on their own, with an optional hint."""

    title = blocks.CharBlock(max_length=120, default="Try it")
    instructions = blocks.TextBlock(max_length=2000)
    hint = blocks.TextBlock(required=False, max_length=600)

    class Meta:
        icon = "pick"
        template = "courses/blocks/exercise_block.html"
        description = "A task to practise what the lesson taught."
        preview_value = {"title": "Try it", "instructions": "Rewrite one email from your inbox with the pattern.",
                         "hint": "Start with who the email is for."}


class SummaryBlock(blocks.StructBlock):
    """The lesson's key takeaways, as a short list."""

    heading = blocks.CharBlock(max_length=100, default="Key takeaways")
    points = blocks.ListBlock(blocks.CharBlock(max_length=240, label="Takeaway"), min_num=1, max_num=8)

    class Meta:
        icon = "list-ul"
        template = "courses/blocks/summary_block.html"
        description = "Two to five points worth remembering."
        preview_value = {"heading": "Key takeaways", "points": ["Say the goal first.", "Show an example."]}


class LessonBodyBlock(blocks.StreamBlock):
    """What a lesson is made of, in order."""

    text = SanitizedRichTextBlock()
    video = VideoEmbedBlock()
    code = CodeSnippetBlock()
    image = ImageBlock()
    quiz = QuizBlock()
    exercise = ExerciseBlock()
    summary = SummaryBlock()
