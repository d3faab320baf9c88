"""Views of the courses app: the learner's pages and actions (learning.py) and the creator studio (studio.py).

The catalogue, course and lesson pages themselves are Wagtail pages (models.py)."""
