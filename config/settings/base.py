"""Settings shared by every environment. Every environment variable is read here, once."""
from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent
env = environ.Env()

# --- Core ---------------------------------------------------------------------------------
DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env("DJANGO_SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "members.User"
# The demo seed (demo members and a demo superuser) is refused unless a settings module allows it.
DEMO_SEED_ALLOWED = False

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

INSTALLED_APPS = [
    # Project apps first so their templates override third-party ones.
    "home",
    "members",
    "collective",
    "tools_directory",
    "courses",
    "economy",
    "messaging",
    "notifications",
    "payments",
    "discover",
    "assistant",
    "clips",
    "storefront",
    "moderation",
    "api",
    # Wagtail
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.api.v2",
    "wagtail",
    "wagtail_modeladmin",
    "modelcluster",
    "taggit",
    # Third party
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "allauth.socialaccount",
    "allauth.headless",
    # Django
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Right after authentication: a suspended member's request goes no further.
    "members.middleware.SuspendedMemberMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Points toasts for what a member earns during a request (after auth, messages and htmx).
    "economy.middleware.PointsToastMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Lists a member's signed-in sessions (/accounts/sessions/) so they can sign out everywhere else.
    "allauth.usersessions.middleware.UserSessionsMiddleware",
    # Staff without two-factor authentication are sent to set it up before the admin opens.
    "members.accounts.StaffMFAMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "home.context_processors.unread_counts",
            ],
        },
    },
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- Static and media ---------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=BASE_DIR / "media")
# Trust and safety (moderation room): content reported by this many members at this trust level or
# above is held back until a curator reviews it; account deletion waits this long (signing in cancels it);
# data exports can be downloaded this long.
MODERATION_TRUSTED_LEVEL = env.int("MODERATION_TRUSTED_LEVEL", default=2)
MODERATION_HOLD_AFTER_REPORTS = env.int("MODERATION_HOLD_AFTER_REPORTS", default=3)
ACCOUNT_DELETION_GRACE_DAYS = env.int("ACCOUNT_DELETION_GRACE_DAYS", default=14)
DATA_EXPORT_TTL_DAYS = 7
# Files only their owner may download through a view (data exports); never served as media.
PRIVATE_MEDIA_ROOT = env.path("DJANGO_PRIVATE_MEDIA_ROOT", default=BASE_DIR / "var" / "private")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# --- Cache (Redis in production, in-process locally) ---------------------------------------
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    # Falls back to a per-process cache while Redis is unreachable (core/cache.py): never a 500.
    CACHES = {"default": {"BACKEND": "core.cache.ResilientRedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Celery (eager unless a broker is configured) ------------------------------------------
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL)
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=CELERY_BROKER_URL or None)
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE

# --- Notifications (notifications/: in-app, email, SMS outbox) -------------------------------
NOTIFICATIONS_SMS_DAILY_LIMIT = env.int("NOTIFICATIONS_SMS_DAILY_LIMIT", default=5)
# Sends what is due every minute (retries, SMS held for quiet hours); run `celery -A config beat`
# beside the worker. Without a broker, `manage.py send_due_notifications --loop` does the same.
CELERY_BEAT_SCHEDULE = {
    "notifications-dispatch-due": {"task": "notifications.dispatch_due", "schedule": 60.0},
    # Carries out account deletions past their grace period and removes expired data exports.
    "moderation-privacy-sweep": {"task": "moderation.privacy_sweep", "schedule": 3600.0},
}

# --- Email ----------------------------------------------------------------------------------
EMAIL_BACKEND = env("DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("DJANGO_DEFAULT_FROM_EMAIL", default="All Thrive <hello@allthrive.ai>")
if env("EMAIL_URL", default=""):
    vars().update(env.email("EMAIL_URL"))

# --- Third-party services (real service when a key is set, local stand-in otherwise) --------
STRIPE_SECRET_KEY = env("STRIPE_SECRET_KEY", default="")
STRIPE_PUBLISHABLE_KEY = env("STRIPE_PUBLISHABLE_KEY", default="")
STRIPE_WEBHOOK_SECRET = env("STRIPE_WEBHOOK_SECRET", default="")
STRIPE_PLATFORM_FEE_PERCENT = env.int("STRIPE_PLATFORM_FEE_PERCENT", default=10)
# Connect events (creators' accounts) come from a second Stripe endpoint with its own signing secret.
STRIPE_CONNECT_WEBHOOK_SECRET = env("STRIPE_CONNECT_WEBHOOK_SECRET", default="")
# Without STRIPE_SECRET_KEY the payments app uses its local simulator, which signs its webhooks with
# this secret; it is only allowed where a settings module says so (local and test, never production).
PAYMENTS_SIMULATOR_ALLOWED = False
# Empty: a random secret generated once per install and kept in PAYMENTS_SIMULATOR_SECRET_FILE (never a
# shared default, which would let a member sign their own checkout completion and mint credits).
STRIPE_SIMULATOR_WEBHOOK_SECRET = env("STRIPE_SIMULATOR_WEBHOOK_SECRET", default="")
PAYMENTS_SIMULATOR_SECRET_FILE = env.path("PAYMENTS_SIMULATOR_SECRET_FILE", default=BASE_DIR / "var" / "simulator-webhook-secret")
TWILIO_ACCOUNT_SID = env("TWILIO_ACCOUNT_SID", default="")
TWILIO_AUTH_TOKEN = env("TWILIO_AUTH_TOKEN", default="")
TWILIO_FROM_NUMBER = env("TWILIO_FROM_NUMBER", default="")
AVA_LLM_BASE_URL = env("AVA_LLM_BASE_URL", default="")
AVA_LLM_API_KEY = env("AVA_LLM_API_KEY", default="")
AVA_LLM_MODEL = env("AVA_LLM_MODEL", default="")
# Cover images: an OpenAI-compatible images endpoint; the offline generator (free) when unset.
IMAGES_BASE_URL = env("IMAGES_BASE_URL", default="")
IMAGES_API_KEY = env("IMAGES_API_KEY", default="")
IMAGES_MODEL = env("IMAGES_MODEL", default="")

# --- Accounts (django-allauth, pages under /accounts/, headless API under /_allauth/) -------
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/home/"
ACCOUNT_SIGNUP_REDIRECT_URL = "/onboarding/"
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
ACCOUNT_LOGIN_METHODS = {"email", "username"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = env("ACCOUNT_EMAIL_VERIFICATION", default="optional")
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PRESERVE_USERNAME_CASING = True
ACCOUNT_USERNAME_MIN_LENGTH = 3
ACCOUNT_LOGOUT_ON_GET = False
# The site's wording on the sign-in and sign-up pages (templates/account/).
ACCOUNT_FORMS = {"login": "members.forms.LoginForm", "signup": "members.forms.SignupForm"}
# The lockout rule (members/accounts.py, README "Accounts and two-factor sign-in").
ACCOUNT_ADAPTER = "members.accounts.AccountAdapter"
ACCOUNT_LOGIN_BY_CODE_ENABLED = True  # a one-time code by email: the way in when the password is locked
# Two-factor sign-in: authenticator apps (TOTP), passkeys (WebAuthn) and recovery codes; required for staff.
MFA_SUPPORTED_TYPES = ["totp", "webauthn", "recovery_codes"]
MFA_PASSKEY_LOGIN_ENABLED = True
MFA_TOTP_ISSUER = "All Thrive"
# Passkeys need a secure origin; http://127.0.0.1 is allowed only while DEBUG (local development).
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG
USERSESSIONS_TRACK_ACTIVITY = True
# Social sign-in: a provider appears only when both its keys are set.
SOCIAL_SIGNIN_KEYS = {
    "google": (env("GOOGLE_CLIENT_ID", default=""), env("GOOGLE_CLIENT_SECRET", default="")),
    "github": (env("GITHUB_CLIENT_ID", default=""), env("GITHUB_CLIENT_SECRET", default="")),
}
SOCIALACCOUNT_PROVIDERS = {
    name: {"APPS": [{"client_id": client_id, "secret": secret}], "SCOPE": ["read:user", "user:email"]
           if name == "github" else ["profile", "email"]}
    for name, (client_id, secret) in SOCIAL_SIGNIN_KEYS.items() if client_id and secret
}
INSTALLED_APPS += [f"allauth.socialaccount.providers.{name}" for name in SOCIALACCOUNT_PROVIDERS]
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False  # never join a social account to an existing one by email alone
SOCIALACCOUNT_LOGIN_ON_GET = False
HEADLESS_CLIENTS = ("app", "browser")
HEADLESS_FRONTEND_URLS = {
    "account_confirm_email": f"{SITE_URL}/accounts/confirm-email/{{key}}/",
    "account_reset_password_from_key": f"{SITE_URL}/accounts/password/reset/key/{{key}}/",
    "account_signup": f"{SITE_URL}/accounts/signup/",
}

# --- Wagtail --------------------------------------------------------------------------------
WAGTAIL_SITE_NAME = "All Thrive AI Collective"
WAGTAILADMIN_BASE_URL = SITE_URL
WAGTAILSEARCH_BACKENDS = {
    # The database backend uses PostgreSQL full-text search on PostgreSQL and a portable
    # fallback on SQLite; set WAGTAILSEARCH_URL to an Elasticsearch/OpenSearch URL to grow out.
    "default": {"BACKEND": "wagtail.search.backends.database", "SEARCH_CONFIG": "english"}
}
if env("WAGTAILSEARCH_URL", default=""):
    WAGTAILSEARCH_BACKENDS["default"] = {
        "BACKEND": env("WAGTAILSEARCH_BACKEND", default="wagtail.search.backends.elasticsearch8"),
        "URLS": [env("WAGTAILSEARCH_URL")],
        "INDEX": "allthrive",
    }
WAGTAILEMBEDS_RESPONSIVE_HTML = True
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "key", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]

# --- REST API (/api/v1/, package api/) -------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # allauth headless session token first, so anonymous requests get 401 rather than 403.
        "api.authentication.SessionTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # DRF's JSON parser with a size limit (DATA_UPLOAD_MAX_MEMORY_SIZE → 413) and a nesting limit (→ 400).
    "DEFAULT_PARSER_CLASSES": ["api.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "api.schema.AutoSchema",
    "EXCEPTION_HANDLER": "api.exceptions.exception_handler",
    "DEFAULT_THROTTLE_CLASSES": [
        "api.throttles.AnonThrottle",
        "api.throttles.MemberThrottle",
        "api.throttles.WriteThrottle",
    ],
    # Per client address (anon) or member (user); writes and view records have their own, stricter budgets.
    "DEFAULT_THROTTLE_RATES": {
        "anon": env("API_THROTTLE_ANON", default="120/minute"),
        "user": env("API_THROTTLE_USER", default="600/minute"),
        "write": env("API_THROTTLE_WRITE", default="60/minute"),
        "views": env("API_THROTTLE_VIEWS", default="120/minute"),
    },
    # How many proxies sit in front of the app (X-Forwarded-For entries to trust for client addresses).
    "NUM_PROXIES": env.int("DJANGO_NUM_PROXIES", default=0),
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "All Thrive AI Collective API",
    "DESCRIPTION": (
        "Offers, asks, connections and discovery for the All Thrive AI Collective.\n\n"
        "**Auth**: sign up or log in through allauth headless (`POST /_allauth/app/v1/auth/signup`, "
        "`/_allauth/app/v1/auth/login`) and send the returned `meta.session_token` as `X-Session-Token`; "
        "the site's session cookie works too (with CSRF). **Errors** always look like "
        "`{\"error\": {\"code\", \"message\", \"fields\"}}`. **Lists** are paginated with `page` and "
        "`page_size` (≤ 100). **Search**: `q` takes natural language and ranks by relevance."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "PREPROCESSING_HOOKS": ["config.api_schema.only_public_api"],
    # Swagger UI and Redoc are served from drf-spectacular-sidecar's static files, not a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "OfferStatusEnum": "collective.choices.OfferStatus",
        "AskStatusEnum": "collective.choices.AskStatus",
        "ConnectionStatusEnum": "collective.choices.ConnectionStatus",
        "OfferTypeEnum": "collective.choices.OfferType",
        "AskTypeEnum": "collective.choices.AskType",
        "PricingTypeEnum": "collective.choices.PricingType",
        "ConnectionTypeEnum": "collective.choices.ConnectionType",
        "TaxonomyTypeEnum": "collective.choices.TaxonomyType",
        "RoleEnum": "members.choices.Role",
        "TierEnum": "members.choices.Tier",
    },
}
# Sign-up, log-in and password endpoints (pages and headless) are rate limited by allauth.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    # Per address always; per account (key) only from devices/addresses new to the account (members/accounts.py).
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
    "confirm_email": "1/3m/key",
    "reauthenticate": "10/m/user",
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(levelname)s %(asctime)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
    # Wagtail runs search indexing as (immediate) django-tasks; their per-task INFO lines are noise.
    "loggers": {"django_tasks": {"level": "WARNING"}, "wagtail": {"level": "WARNING"}},
}
