"""Django project package (the design card's `site/`; see README for why it is called `config`)."""
from .celery_app import app as celery_app

__all__ = ("celery_app",)
