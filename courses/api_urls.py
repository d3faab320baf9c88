"""The learning endpoints, included under /api/v1/ (see courses/api.py)."""
from django.urls import path

from . import api

app_name = "courses_api"

urlpatterns = [
    path("learning/enrollments/", api.EnrollmentListView.as_view(), name="enrollments"),
    path("learning/enrollments/<int:course_id>/", api.EnrollmentDetailView.as_view(), name="enrollment"),
    path("learning/lessons/<int:pk>/", api.LessonDetailView.as_view(), name="lesson"),
    path("learning/lessons/<int:pk>/complete/", api.LessonCompleteView.as_view(), name="lesson-complete"),
    path("learning/lessons/<int:pk>/quiz/", api.QuizAnswerView.as_view(), name="quiz-answer"),
]
