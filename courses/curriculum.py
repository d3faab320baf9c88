"""The Course Publisher's curriculum proposals: topic, audience and goals in → an outline of modules and lessons.

Two sources, one shape:
- `scripted_outline` (always available, free): a deterministic outline built from the creator's own words.
- `model_outline`: asks the language model behind Ava (`assistant.llm.get_provider()`, any OpenAI-compatible
  API when configured) for the same JSON shape; `outline_clean` keeps only well-formed parts and anything
  unusable falls back to the scripted outline.

Outline shape (also what the review step edits and what `services.course_create` builds pages from):
    {"title", "summary", "overview", "audience", "difficulty", "outcomes": [str],
     "modules": [{"title", "summary", "lessons": [{"title", "summary", "duration_minutes", "intro",
         "exercise": {"title", "instructions", "hint"},
         "quiz": {"question", "choices": [str], "correct": int, "explanation"},
         "takeaways": [str]}]}]}
"""
from __future__ import annotations

import json
import logging
import re

from django.utils.html import escape

from .blocks import QUIZ_MAX_CHOICES, QUIZ_MIN_CHOICES
from .choices import Difficulty

logger = logging.getLogger(__name__)

MAX_MODULES = 6
MAX_LESSONS_PER_MODULE = 6
MAX_GOALS = 4
TITLE_MAX = 120
LESSON_MINUTES = {Difficulty.BEGINNER: 10, Difficulty.INTERMEDIATE: 15, Difficulty.ADVANCED: 20}


def _clip(text, limit: int) -> str:
    return " ".join(str(text or "").split())[:limit].strip()


def _sentence_case(text: str) -> str:
    text = text.strip().rstrip(".")
    return text[:1].upper() + text[1:] if text else text


def inline_topic(topic: str, proper_nouns=frozenset()) -> str:
    """The topic as it reads mid-sentence: "Prompt writing" → "prompt writing", but "Zapier basics", "AI"
    and "ChatGPT" keep their capitals."""
    first = topic.split(" ", 1)[0]
    keep = (first.lower() in proper_nouns or not first[:1].isupper() or any(c.isupper() or c.isdigit()
                                                                             for c in first[1:]))
    return topic if keep else topic[:1].lower() + topic[1:]


def goal_list(goals: str) -> list[str]:
    """The creator's goals, one per line (or separated by semicolons), cleaned and capped."""
    parts = re.split(r"[\n;]+|(?:^|\s)[-*•]\s+", goals or "")
    found = []
    for part in parts:
        part = _clip(part.strip(" -*•,."), 160)
        if len(part) >= 3 and part.lower() not in (g.lower() for g in found):
            found.append(part)
    return found[:MAX_GOALS]


def _goal_lesson_title(goal: str) -> str:
    lowered = goal[:1].lower() + goal[1:]
    if re.match(r"^(how|why|what|when|where)\b", lowered):
        return _sentence_case(goal)
    if re.match(r"^(to|be able to)\s", lowered):
        lowered = re.sub(r"^(be able to|to)\s+", "", lowered)
    return _clip(f"How to {lowered}", TITLE_MAX)


def scripted_lesson(*, title: str, topic: str, audience: str = "", minutes: int = 10, kind: str = "practice") -> dict:
    """One lesson's starting content: an intro, an exercise, a quiz and takeaways the creator then edits."""
    who = audience or "you"
    if kind == "basics":
        intro = (f"This lesson gives {who} a plain-language picture of {topic}: what it is good at, where it "
                 "falls short, and the words people use when they talk about it. Read it once, then try the "
                 "exercise with something from your own work.")
        quiz = {"question": f"What is the best first step when you start using {topic}?",
                "choices": [f"Pick one real task and try {topic} on it", "Read every guide before trying anything",
                            "Wait until you fully understand how it works"],
                "correct": 0,
                "explanation": "Small, real experiments teach faster than theory, and show you where it helps."}
        takeaways = [f"{_sentence_case(topic)} is a tool: it helps most with a clear, specific task.",
                     "Learn the few words you'll meet again and again.", "Try it on real work as early as you can."]
    elif kind == "wrap":
        intro = (f"You've covered the essentials of {topic}. This lesson looks at the mistakes people make most "
                 "often, and helps you plan the next two weeks so the new habit sticks.")
        quiz = {"question": "Which plan is most likely to make a new skill stick?",
                "choices": ["A small task every few days, reviewed after two weeks", "One long session when you have time",
                            "Reading about it without practising"],
                "correct": 0, "explanation": "Short, regular practice with a check-in beats one big effort."}
        takeaways = ["Check results before you rely on them.", "Practise a little, often.",
                     "Share what you learn: teaching it is the best review."]
    else:
        intro = (f"In this lesson you'll work through {title[:1].lower() + title[1:]}. We start with a short "
                 f"example, explain each step, and finish with an exercise so {who} can try it straight away.")
        quiz = {"question": f"What makes {title[:1].lower() + title[1:]} work well?",
                "choices": ["Being specific about the goal and checking the result", "Doing everything in one step",
                            "Skipping the example"],
                "correct": 0, "explanation": "A clear goal and a quick check of the result make the difference."}
        takeaways = ["Start with a clear, specific goal.", "Work in small steps and check each one.",
                     "Keep the version that worked as a template."]
    return {
        "title": _clip(title, TITLE_MAX),
        "summary": _clip(f"{_sentence_case(title)}, explained with an example and a short exercise.", 300),
        "duration_minutes": minutes,
        "intro": intro,
        "exercise": {"title": "Try it",
                     "instructions": f"Pick one real situation from your week where {topic} could help. Apply what "
                                     "this lesson showed, note what worked and what you'd change next time.",
                     "hint": "Keep it small: one task, ten minutes."},
        "quiz": quiz,
        "takeaways": takeaways,
    }


def scripted_outline(*, topic: str, audience: str = "", goals: str = "",
                     difficulty: str = Difficulty.BEGINNER, proper_nouns=frozenset()) -> dict:
    """A deterministic outline from the creator's own words: basics, one lesson per goal, then a wrap-up.

    `proper_nouns` (lowercase tool names) keep their capitals when the topic is used mid-sentence.
    """
    subject = _sentence_case(_clip(topic, 200) or "your topic")
    topic = inline_topic(_clip(topic, 200) or "your topic", proper_nouns)
    audience = _clip(audience, 300)
    difficulty = difficulty if difficulty in Difficulty.values else Difficulty.BEGINNER
    minutes = LESSON_MINUTES[difficulty]
    goal_items = goal_list(goals)

    practice = [scripted_lesson(title=_goal_lesson_title(goal), topic=topic, audience=audience, minutes=minutes)
                for goal in goal_items] or [
        scripted_lesson(title=f"Your first small project with {topic}", topic=topic, audience=audience, minutes=minutes),
        scripted_lesson(title=f"Make {topic} part of your week", topic=topic, audience=audience, minutes=minutes),
    ]
    modules = [
        {"title": _clip(f"Start here: {topic} in plain words", TITLE_MAX),
         "summary": "The ideas and words you need before you start.",
         "lessons": [
             scripted_lesson(title=f"What {topic} is, and what it isn't", topic=topic, audience=audience,
                             minutes=minutes, kind="basics"),
             scripted_lesson(title="Key ideas you'll use every day", topic=topic, audience=audience,
                             minutes=minutes, kind="basics"),
         ]},
        {"title": _clip(f"Put {topic} to work", TITLE_MAX),
         "summary": "Hands-on lessons, one for each thing you want to be able to do.",
         "lessons": practice},
        {"title": "Make it yours", "summary": "Avoid the usual mistakes and plan what comes next.",
         "lessons": [
             scripted_lesson(title="Avoid the common mistakes", topic=topic, audience=audience, minutes=minutes,
                             kind="wrap"),
             scripted_lesson(title="Your plan for the next two weeks", topic=topic, audience=audience,
                             minutes=minutes, kind="wrap"),
         ]},
    ]
    lesson_count = sum(len(m["lessons"]) for m in modules)
    for_whom = f" for {inline_topic(audience, proper_nouns)}" if audience and len(audience) <= 60 \
        and " for " not in f" {topic} " else ""
    title = _clip(f"{subject}{for_whom}" if for_whom else f"{subject}, step by step", TITLE_MAX)
    outcomes = [_clip(f"{_sentence_case(g)}", 200) for g in goal_items] or [
        f"Explain what {topic} is good for", f"Use {topic} on a real task with confidence"]
    return {
        "title": title,
        "summary": _clip(f"A {Difficulty(difficulty).label.lower()} course on {topic}"
                         f"{' for ' + audience if audience else ''}: {lesson_count} short lessons with exercises and "
                         "quick quizzes.", 300),
        "overview": f"This course takes {audience or 'you'} from the basics of {topic} to using it on real work. "
                    "Every lesson is short, ends with an exercise, and has a quick quiz to check what stuck.",
        "audience": audience,
        "difficulty": difficulty,
        "outcomes": outcomes,
        "modules": modules,
    }


# --- Cleaning (model answers and edited outlines) ----------------------------------------------------


def _str_list(value, *, limit: int, max_items: int) -> list[str]:
    if not isinstance(value, list):
        return []
    return [_clip(item, limit) for item in value if isinstance(item, str) and item.strip()][:max_items]


def _lesson_clean(raw, *, topic: str, audience: str, minutes: int) -> dict | None:
    if not isinstance(raw, dict) or not _clip(raw.get("title"), TITLE_MAX):
        return None
    lesson = scripted_lesson(title=_clip(raw["title"], TITLE_MAX), topic=topic, audience=audience, minutes=minutes)
    if _clip(raw.get("summary"), 300):
        lesson["summary"] = _clip(raw["summary"], 300)
    if isinstance(raw.get("duration_minutes"), int) and 3 <= raw["duration_minutes"] <= 120:
        lesson["duration_minutes"] = raw["duration_minutes"]
    if isinstance(raw.get("intro"), str) and raw["intro"].strip():
        lesson["intro"] = raw["intro"].strip()[:4000]
    exercise = raw.get("exercise")
    if isinstance(exercise, dict) and _clip(exercise.get("instructions"), 2000):
        lesson["exercise"] = {"title": _clip(exercise.get("title"), 120) or "Try it",
                              "instructions": str(exercise["instructions"]).strip()[:2000],
                              "hint": _clip(exercise.get("hint"), 600)}
    quiz = raw.get("quiz")
    if isinstance(quiz, dict):
        choices = _str_list(quiz.get("choices"), limit=200, max_items=QUIZ_MAX_CHOICES)
        correct = quiz.get("correct")
        if (_clip(quiz.get("question"), 300) and len(choices) >= QUIZ_MIN_CHOICES and isinstance(correct, int)
                and 0 <= correct < len(choices)):
            lesson["quiz"] = {"question": _clip(quiz["question"], 300), "choices": choices, "correct": correct,
                              "explanation": _clip(quiz.get("explanation"), 1000)}
    takeaways = _str_list(raw.get("takeaways"), limit=240, max_items=8)
    if takeaways:
        lesson["takeaways"] = takeaways
    return lesson


def outline_clean(raw, *, topic: str, audience: str = "", difficulty: str = Difficulty.BEGINNER) -> dict | None:
    """A well-formed outline from untrusted JSON (a model's answer), or None if nothing usable is left."""
    if not isinstance(raw, dict):
        return None
    difficulty = raw.get("difficulty") if raw.get("difficulty") in Difficulty.values else difficulty
    minutes = LESSON_MINUTES.get(difficulty, 10)
    modules = []
    for raw_module in raw.get("modules") or []:
        if not isinstance(raw_module, dict) or not _clip(raw_module.get("title"), TITLE_MAX):
            continue
        lessons = [lesson for item in (raw_module.get("lessons") or [])[:MAX_LESSONS_PER_MODULE]
                   if (lesson := _lesson_clean(item, topic=topic, audience=audience, minutes=minutes))]
        if lessons:
            modules.append({"title": _clip(raw_module["title"], TITLE_MAX),
                            "summary": _clip(raw_module.get("summary"), 500), "lessons": lessons})
        if len(modules) == MAX_MODULES:
            break
    if not modules or not _clip(raw.get("title"), TITLE_MAX):
        return None
    fallback = scripted_outline(topic=topic, audience=audience, difficulty=difficulty)
    return {
        "title": _clip(raw["title"], TITLE_MAX),
        "summary": _clip(raw.get("summary"), 300) or fallback["summary"],
        "overview": str(raw.get("overview") or "").strip()[:4000] or fallback["overview"],
        "audience": _clip(raw.get("audience"), 1000) or audience,
        "difficulty": difficulty,
        "outcomes": _str_list(raw.get("outcomes"), limit=200, max_items=8) or fallback["outcomes"],
        "modules": modules,
    }


MODEL_SYSTEM_PROMPT = (
    "You help experts structure online courses for All Thrive, a generous community of AI builders and learners. "
    "Answer with one JSON object only, no prose."
)


def model_outline(provider, *, topic: str, audience: str, goals: str, difficulty: str) -> dict | None:
    """Ask the configured language model for an outline; None when there is no model or its answer is unusable."""
    if provider is None or not getattr(provider, "uses_model", False):
        return None
    shape = ('{"title": str, "summary": str (max 300 chars), "overview": str, "audience": str, '
             '"difficulty": "beginner"|"intermediate"|"advanced", "outcomes": [str], "modules": [{"title": str, '
             '"summary": str, "lessons": [{"title": str, "summary": str, "duration_minutes": int, "intro": str '
             '(two short paragraphs), "exercise": {"title": str, "instructions": str, "hint": str}, '
             '"quiz": {"question": str, "choices": [3 or 4 str], "correct": index of the right choice, '
             '"explanation": str}, "takeaways": [3 str]}]}]}')
    messages = [
        {"role": "system", "content": MODEL_SYSTEM_PROMPT},
        {"role": "user", "content": (
            f"Topic: {topic[:200]}\nAudience: {audience[:300] or 'curious beginners'}\nLearning goals: "
            f"{goals[:1500] or 'none given'}\nDifficulty: {difficulty}\n\nPropose a course of 3 modules with 2 to 4 "
            f"lessons each. Return JSON shaped like {shape}."
        )},
    ]
    try:
        text = provider.complete(messages, max_tokens=3500, temperature=0.4)
    except Exception as error:  # noqa: BLE001 - any transport or provider failure falls back to the script
        logger.warning("Course Publisher model call failed: %s", error)
        return None
    match = re.search(r"\{.*\}", text or "", re.S)
    try:
        raw = json.loads(match.group(0)) if match else None
    except ValueError:
        raw = None
    return outline_clean(raw, topic=topic, audience=audience, difficulty=difficulty)


# --- From outline to lesson blocks ------------------------------------------------------------------------


def _paragraphs_html(text: str) -> str:
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text or "") if p.strip()]
    return "".join(f"<p>{escape(' '.join(p.split()))}</p>" for p in paragraphs)


def lesson_blocks(lesson: dict) -> list[dict]:
    """The raw StreamField value of a lesson body for `LessonPage.body` (text, an example prompt, exercise,
    quiz, summary)."""
    blocks = []
    if lesson.get("intro"):
        blocks.append({"type": "text", "value": _paragraphs_html(lesson["intro"])})
    if lesson.get("prompt"):
        blocks.append({"type": "code", "value": {"language": "text", "code": lesson["prompt"]}})
    exercise = lesson.get("exercise")
    if exercise and exercise.get("instructions"):
        blocks.append({"type": "exercise", "value": {"title": exercise.get("title") or "Try it",
                                                      "instructions": exercise["instructions"],
                                                      "hint": exercise.get("hint") or ""}})
    quiz = lesson.get("quiz")
    if quiz and quiz.get("question") and len(quiz.get("choices") or []) >= QUIZ_MIN_CHOICES:
        blocks.append({"type": "quiz", "value": {
            "question": quiz["question"],
            "choices": [{"text": text, "is_correct": n == quiz.get("correct", 0)}
                        for n, text in enumerate(quiz["choices"])],
            "explanation": quiz.get("explanation") or "",
        }})
    if lesson.get("takeaways"):
        blocks.append({"type": "summary", "value": {"heading": "Key takeaways", "points": list(lesson["takeaways"])}})
    return blocks


def outline_lesson_count(outline: dict) -> int:
    return sum(len(module.get("lessons", [])) for module in outline.get("modules", []))


def outline_minutes(outline: dict) -> int:
    return sum(lesson.get("duration_minutes") or 0 for module in outline.get("modules", [])
               for lesson in module.get("lessons", []))
