"""Routes of the courses app outside the Wagtail page tree: /my/learning/… and /creator/courses/…"""
from django.urls import path

from .views import learning, studio

app_name = "courses"

urlpatterns = [
    # Learners
    path("my/learning/", learning.my_learning, name="my_learning"),
    path("my/learning/preferences/", learning.preferences, name="preferences"),
    path("my/learning/courses/<int:pk>/enroll/", learning.enroll, name="enroll"),
    path("my/learning/courses/<int:pk>/continue/", learning.resume, name="resume"),
    path("my/learning/lessons/<int:pk>/complete/", learning.lesson_complete, name="lesson_complete"),
    path("my/learning/lessons/<int:pk>/quiz/<slug:block_id>/", learning.quiz_answer, name="quiz_answer"),
    path("my/learning/paths/new/", learning.path_create, name="path_create"),
    path("my/learning/paths/save/", learning.path_save, name="path_save"),
    path("my/learning/paths/<int:pk>/", learning.path_edit, name="path_edit"),
    path("my/learning/paths/<int:pk>/delete/", learning.path_delete, name="path_delete"),
    path("my/learning/paths/<int:pk>/steps/<int:item_pk>/move/", learning.path_item_move, name="path_item_move"),
    path("my/learning/paths/<int:pk>/steps/<int:item_pk>/remove/", learning.path_item_remove,
         name="path_item_remove"),
    # Creator studio
    path("creator/courses/", studio.course_list, name="studio"),
    path("creator/courses/new/", studio.publisher, name="studio_new"),
    path("creator/courses/new/<int:pk>/", studio.proposal, name="studio_proposal"),
    path("creator/courses/<int:pk>/", studio.course_edit, name="studio_course"),
    path("creator/courses/<int:pk>/preview/", studio.course_preview, name="studio_course_preview"),
    path("creator/courses/<int:pk>/publish/", studio.course_publish, name="studio_publish"),
    path("creator/courses/<int:pk>/unpublish/", studio.course_unpublish, name="studio_unpublish"),
    path("creator/courses/<int:pk>/modules/add/", studio.module_add, name="studio_module_add"),
    path("creator/courses/<int:pk>/modules/<int:module_pk>/rename/", studio.module_rename,
         name="studio_module_rename"),
    path("creator/courses/<int:pk>/modules/<int:module_pk>/lessons/add/", studio.lesson_add,
         name="studio_lesson_add"),
    path("creator/courses/<int:pk>/pages/<int:page_pk>/move/", studio.page_move, name="studio_page_move"),
    path("creator/courses/<int:pk>/pages/<int:page_pk>/delete/", studio.page_delete, name="studio_page_delete"),
    path("creator/courses/<int:pk>/lessons/<int:lesson_pk>/", studio.lesson_edit, name="studio_lesson"),
    path("creator/courses/<int:pk>/lessons/<int:lesson_pk>/preview/", studio.lesson_preview,
         name="studio_lesson_preview"),
    path("creator/courses/<int:pk>/lessons/<int:lesson_pk>/blocks/add/", studio.block_add, name="studio_block_add"),
    path("creator/courses/<int:pk>/lessons/<int:lesson_pk>/blocks/<slug:block_id>/", studio.block_update,
         name="studio_block_update"),
    path("creator/courses/<int:pk>/lessons/<int:lesson_pk>/blocks/<slug:block_id>/move/", studio.block_move,
         name="studio_block_move"),
    path("creator/courses/<int:pk>/lessons/<int:lesson_pk>/blocks/<slug:block_id>/delete/", studio.block_delete,
         name="studio_block_delete"),
]
