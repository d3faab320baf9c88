"""Test settings: fast hashing, in-memory email and cache, eager tasks, throwaway media."""
import tempfile
from pathlib import Path

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-secret-key-9a8b7c6d5e4f3a2b1c0d"  # noqa: S105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
CELERY_BROKER_URL = ""
CELERY_TASK_ALWAYS_EAGER = True
MEDIA_ROOT = tempfile.mkdtemp(prefix="allthrive-test-media-")
PRIVATE_MEDIA_ROOT = tempfile.mkdtemp(prefix="allthrive-test-private-")
# Tests serve static files through the finders; an empty root keeps WhiteNoise from warning on every request.
STATIC_ROOT = tempfile.mkdtemp(prefix="allthrive-test-static-")
DEMO_SEED_ALLOWED = True
PAYMENTS_SIMULATOR_ALLOWED = True  # checkout through the local Stripe simulator when no keys are set
PAYMENTS_SIMULATOR_SECRET_FILE = Path(tempfile.mkdtemp(prefix="allthrive-test-var-")) / "simulator-webhook-secret"
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
WAGTAILADMIN_BASE_URL = "http://testserver"
