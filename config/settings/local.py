"""Local development: embedded defaults (SQLite, eager Celery, console email, simulators)."""
from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
SECRET_KEY = env("DJANGO_SECRET_KEY", default="local-dev-only-not-secret-2f9c1d7e4b")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "0.0.0.0"])  # noqa: S104
DEMO_SEED_ALLOWED = True
PAYMENTS_SIMULATOR_ALLOWED = True  # checkout through the local Stripe simulator when no keys are set
