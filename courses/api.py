"""REST endpoints of learning, mounted at /api/v1/learning/ by courses.api_urls.

GET  /api/v1/learning/enrollments/               my courses with progress (paginated)
POST /api/v1/learning/enrollments/               enroll {"course": <course page id>} (402 for an unbought paid course)
GET  /api/v1/learning/enrollments/<course id>/   one course's progress: lessons, completed, where to resume
GET  /api/v1/learning/lessons/<id>/              a lesson's body (quizzes without answers); 402 if not bought
POST /api/v1/learning/lessons/<id>/complete/     mark a lesson complete
POST /api/v1/learning/lessons/<id>/quiz/         check an answer {"block_id": "...", "choice": 0}

The course and lesson pages themselves are in the Wagtail API (/api/cms/v2/pages/?type=courses.CoursePage).
Same services as the pages; errors come out in the API's one error shape (api.exceptions).
"""
from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from core.errors import ApplicationError, NotFound

from . import selectors, services
from .models import CoursePage, Enrollment, LessonPage


class CourseSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    title = serializers.CharField()
    url = serializers.SerializerMethodField()
    difficulty = serializers.CharField()
    price_display = serializers.CharField()

    def get_url(self, course) -> str:
        return course.get_url(self.context.get("request"))


class EnrollmentSerializer(serializers.ModelSerializer):
    course = CourseSummarySerializer()
    lessons_total = serializers.IntegerField(source="lesson_count")
    lessons_completed = serializers.IntegerField(source="completed_count")
    percent = serializers.SerializerMethodField()
    continue_url = serializers.SerializerMethodField()

    class Meta:
        model = Enrollment
        fields = ["course", "lessons_total", "lessons_completed", "percent", "enrolled_at", "last_activity_at",
                  "completed_at", "continue_url"]
        read_only_fields = fields

    def get_percent(self, enrollment) -> int:
        return selectors.enrollment_percent(enrollment)

    def get_continue_url(self, enrollment) -> str:
        from django.urls import reverse

        return reverse("courses:resume", args=[enrollment.course_id])


class EnrollSerializer(serializers.Serializer):
    course = serializers.IntegerField(help_text="The id of a published course page.")


class LessonProgressSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="lesson.pk")
    title = serializers.CharField(source="lesson.title")
    url = serializers.CharField()
    duration_minutes = serializers.IntegerField(source="lesson.duration_minutes")
    completed = serializers.BooleanField()
    locked = serializers.BooleanField()


class ModuleProgressSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="module.pk")
    title = serializers.CharField()
    lessons = LessonProgressSerializer(many=True)


class QuizAnswerSerializer(serializers.Serializer):
    block_id = serializers.CharField(max_length=64)
    choice = serializers.IntegerField(min_value=0)


class QuizResultSerializer(serializers.Serializer):
    correct = serializers.BooleanField()
    explanation = serializers.CharField(help_text="Only when the answer is right.")
    attempts = serializers.IntegerField()


class CourseProgressSerializer(serializers.Serializer):
    course = CourseSummarySerializer()
    lessons_total = serializers.IntegerField()
    lessons_completed = serializers.IntegerField()
    completed_at = serializers.DateTimeField(allow_null=True)
    next_lesson = serializers.IntegerField(allow_null=True, help_text="Where to resume; null when all done.")
    modules = ModuleProgressSerializer(many=True)


class QuizStateSerializer(serializers.Serializer):
    correct = serializers.BooleanField(allow_null=True)
    attempts = serializers.IntegerField(allow_null=True)


class LessonContentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    summary = serializers.CharField()
    duration_minutes = serializers.IntegerField()
    course = serializers.IntegerField()
    body = serializers.ListField(child=serializers.DictField(), help_text="StreamField blocks: type, value, id.")
    completed = serializers.BooleanField()
    quiz_answers = serializers.DictField(child=QuizStateSerializer(), help_text="My answers so far, by quiz block id.")


class LessonCompletedSerializer(serializers.Serializer):
    lesson = serializers.IntegerField()
    completed_at = serializers.DateTimeField()
    course_completed = serializers.BooleanField()
    next_lesson = serializers.IntegerField(allow_null=True)


def _live_course(pk: int, viewer) -> CoursePage:
    course = selectors.courses_visible_to(viewer).select_related("offer", "owner").filter(pk=pk).first()
    if course is None:
        raise NotFound("No such course.")
    return course


class EnrollmentListView(generics.ListCreateAPIView):
    permission_classes = [IsAuthenticated]
    serializer_class = EnrollmentSerializer
    # Enrolling names a course by id; one that isn't live (or doesn't exist) is a 404.
    extra_error_statuses = ["404"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation has no member
            return Enrollment.objects.none()
        return selectors.learning_enrollments(self.request.user)

    @extend_schema(summary="My courses with progress")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(summary="Enroll in a course", request=EnrollSerializer, responses={201: EnrollmentSerializer})
    def post(self, request, *args, **kwargs):
        data = EnrollSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        course = _live_course(data.validated_data["course"], request.user)
        existed = Enrollment.objects.filter(user=request.user, course=course).exists()
        enrollment = services.enrollment_create(user=request.user, course=course)
        row = selectors.learning_enrollments(request.user).get(pk=enrollment.pk)
        return Response(EnrollmentSerializer(row, context={"request": request}).data,
                        status=status.HTTP_200_OK if existed else status.HTTP_201_CREATED)


class EnrollmentDetailView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(summary="One course's progress: modules, lessons, where to resume",
                   responses=CourseProgressSerializer)
    def get(self, request, course_id: int):
        course = _live_course(course_id, request.user)
        enrollment = selectors.enrollment_for(request.user, course)
        if enrollment is None:
            raise NotFound("You're not enrolled in this course.")
        completed = selectors.completed_lesson_ids(request.user, course)
        outline = selectors.course_outline(course, completed_ids=completed,
                                           readable=selectors.course_access(user=request.user, course=course),
                                           request=request)
        lessons = [row.lesson for module in outline for row in module.lessons]
        upcoming = selectors.next_lesson(lessons, completed, after=enrollment.last_lesson)
        progress = {
            "course": course,
            "lessons_total": len(lessons),
            "lessons_completed": len(completed & {lesson.pk for lesson in lessons}),
            "completed_at": enrollment.completed_at,
            "next_lesson": upcoming.pk if upcoming else None,
            "modules": outline,
        }
        return Response(CourseProgressSerializer(progress, context={"request": request}).data)


class LessonDetailView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(summary="A lesson's content (quizzes come without their answers)",
                   responses=LessonContentSerializer)
    def get(self, request, pk: int):
        lesson = LessonPage.objects.live().filter(pk=pk).first()
        course = lesson.get_course() if lesson else None
        if lesson is None or course is None or not selectors.course_is_visible(course, request.user):
            raise NotFound("No such lesson.")
        if not selectors.lesson_readable(user=request.user, lesson=lesson, course=course):
            raise ApplicationError(f"Buy “{course.title}” to read its lessons.", code="payment_required", status=402)
        progress = lesson.progress.filter(user=request.user).first()
        return Response({
            "id": lesson.pk, "title": lesson.title, "summary": lesson.summary,
            "duration_minutes": lesson.duration_minutes, "course": course.pk,
            "body": lesson.body.stream_block.get_api_representation(lesson.body, context={"request": request}),
            "completed": bool(progress and progress.completed_at),
            "quiz_answers": {key: {"correct": v.get("correct"), "attempts": v.get("attempts")}
                             for key, v in (progress.quiz_answers if progress else {}).items()},
        })


class LessonCompleteView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(summary="Mark a lesson complete", request=None, responses=LessonCompletedSerializer)
    def post(self, request, pk: int):
        done = services.lesson_complete(user=request.user, lesson_id=pk)
        result = {"lesson": pk, "completed_at": done.progress.completed_at,
                  "course_completed": done.course_completed,
                  "next_lesson": done.next_lesson.pk if done.next_lesson else None}
        return Response(LessonCompletedSerializer(result).data)


class QuizAnswerView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(summary="Check a quiz answer on the server", request=QuizAnswerSerializer,
                   responses=QuizResultSerializer)
    def post(self, request, pk: int):
        data = QuizAnswerSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        result = services.quiz_answer(user=request.user, lesson_id=pk, **data.validated_data)
        return Response(QuizResultSerializer(result).data)
