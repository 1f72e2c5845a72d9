"""Jarida settings: one module, every value from the environment.

Defaults give the embedded profile (SQLite in WAL mode under `var/`, local media, local
memory cache) so a fresh checkout runs with no configuration. Production sets
`DATABASE_URL` (PostgreSQL) and friends; `.env.example` lists every variable. A malformed
value stops start-up with `ImproperlyConfigured` instead of being guessed at.
"""

from __future__ import annotations

import os
import secrets
import zoneinfo
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from jarida.arabic import validate_locale

BASE_DIR = Path(__file__).resolve().parent.parent
PROJECT_DIR = BASE_DIR / "jarida"


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), got {value!r}")


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, got {value!r}") from None


def env_path(name: str, default: Path) -> Path:
    """A path from the environment; relative paths are relative to the checkout."""
    value = os.environ.get(name)
    return BASE_DIR / value if value else default


def env_float(name: str, default: float) -> float:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return float(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a number, got {value!r}") from None


VAR_DIR = env_path("JARIDA_VAR_DIR", BASE_DIR / "var")

DEBUG = env_bool("DEBUG", False)


def _secret_key() -> str:
    """SECRET_KEY from the environment, or one generated once and kept in `var/`.

    There is no built-in default key: a fresh install gets its own random key, so the
    embedded profile is never run with a key that is published in the source.
    """
    if key := os.environ.get("SECRET_KEY"):
        return key
    path = VAR_DIR / "secret_key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(50))
    return path.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# The newsroom: where it is and how it prints dates.
NEWSROOM_TIME_ZONE = env_str("NEWSROOM_TIME_ZONE", "Asia/Beirut")
try:
    zoneinfo.ZoneInfo(NEWSROOM_TIME_ZONE)
except (zoneinfo.ZoneInfoNotFoundError, ValueError):
    raise ImproperlyConfigured(
        f"NEWSROOM_TIME_ZONE must be an IANA zone such as Asia/Beirut, got {NEWSROOM_TIME_ZONE!r}"
    ) from None
NEWSROOM_CITY = env_str("NEWSROOM_CITY", "بيروت")
try:
    NEWSROOM_LOCALE = validate_locale(env_str("NEWSROOM_LOCALE", "ar_LB"))
except ValueError as error:
    raise ImproperlyConfigured(f"NEWSROOM_LOCALE: {error}") from None
NEWSROOM_MONTH_STYLE = env_str("NEWSROOM_MONTH_STYLE", "dual")
if NEWSROOM_MONTH_STYLE not in {"regional", "standard", "dual"}:
    raise ImproperlyConfigured(
        f"NEWSROOM_MONTH_STYLE must be regional, standard or dual, got {NEWSROOM_MONTH_STYLE!r}"
    )
# Share of an article's words that must change for a publish to count as a substantive
# update (moving the public «آخر تحديث» time) without the editor saying so.
NEWSROOM_SUBSTANTIVE_CHANGE = env_float("NEWSROOM_SUBSTANTIVE_CHANGE", 0.15)
# Seconds between the scheduler's checks for due publications and expiries.
SCHEDULER_INTERVAL = env_int("SCHEDULER_INTERVAL", 15)
SITE_NAME = env_str("SITE_NAME", "جريدة")
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "jarida.news",
    "jarida.newsroom",
    "jarida.images",
    "jarida.comments",
    "jarida.search",
    "jarida.distribution",
    "jarida.importers",
    "jarida.pagecache",
    "jarida.demo",
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
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # WordPress's `/?p=ID` links to imported articles: the home page (and its cached copy)
    # would otherwise answer them (`jarida.importers.redirects`).
    "jarida.importers.redirects.WordPressQueryMiddleware",
    # Anonymous readers are answered here, before sessions, auth, CSRF and the page tree.
    "jarida.pagecache.middleware.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # A publish refused by the paper's rules (a takedown) comes back to the editor as a message.
    "jarida.news.middleware.PublicationRefusedMiddleware",
]

ROOT_URLCONF = "jarida.urls"
WSGI_APPLICATION = "jarida.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "jarida.news.context_processors.newsroom",
            ],
        },
    },
]


def _database() -> dict[str, object]:
    url = os.environ.get("DATABASE_URL", "")
    if not url:
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{VAR_DIR / 'jarida.sqlite3'}"
    try:
        config: dict[str, object] = dict(
            dj_database_url.parse(
                url, conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60), conn_health_checks=True
            )
        )
    except ValueError as error:
        raise ImproperlyConfigured(f"DATABASE_URL: {error}") from None
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # WAL lets readers go on while one writer commits; IMMEDIATE takes the write lock at
        # BEGIN so concurrent writers queue on busy_timeout instead of failing mid-transaction.
        config["OPTIONS"] = {
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
            ),
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
        # A file, not memory, for the test database: tests start real subprocesses (the
        # scheduler, the web server) that must see it.
        config["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}
    return config


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


# Seconds to wait for the cache server before counting it as down (connect, then each read).
CACHE_TIMEOUT_SECONDS = env_float("CACHE_TIMEOUT_SECONDS", 0.25)
# Seconds a process leaves a cache that failed alone before trying it again.
PAGE_CACHE_RETRY_SECONDS = env_float("PAGE_CACHE_RETRY_SECONDS", 5.0)
# Every cache alias a DummyCache and the page cache off: nothing cached at all (benchmarks of
# the cold path, and checking a render against the cache).
DISABLE_CACHES = env_bool("DISABLE_CACHES", False)


def cache_settings(redis_url: str, var_dir: Path) -> dict[str, dict[str, object]]:
    """`shared`: Redis when REDIS_URL is set (production: shared by every worker and host),
    else files under var/cache, still shared by every process on the machine (web workers,
    the scheduler, an import), so a purge made by one is seen by all. It raises when it
    fails: only what must know uses it directly (comment rate limits, which then refuse).

    `default` is `shared` made fail-safe (`jarida.pagecache.failsafe`): Django, Wagtail and
    the page cache read it on every request, and a cache down or frozen must be a miss there,
    never an error page or a hung request."""
    if DISABLE_CACHES:
        dummy: dict[str, object] = {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
        return {"default": dummy, "shared": dummy, "renditions": dummy}
    # Image renditions never change under their key (it holds the file's hash), so each
    # process keeps its own copy in memory: no round trip for the most frequent lookup.
    renditions: dict[str, object] = {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "renditions",
        "OPTIONS": {"MAX_ENTRIES": 10_000},
    }
    default: dict[str, object] = {
        "BACKEND": "jarida.pagecache.failsafe.FailSafeCache",
        "LOCATION": "shared",
    }
    if redis_url:
        from jarida.pagecache.health import redis_connected

        shared: dict[str, object] = {
            # Django's own Redis backend; redis-py's options below.
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": "jarida",
            "OPTIONS": {
                "socket_connect_timeout": CACHE_TIMEOUT_SECONDS,
                "socket_timeout": CACHE_TIMEOUT_SECONDS,
                # Each new connection notes that the server may have restarted without the
                # purges made since (`jarida.pagecache.tags.replay`).
                "redis_connect_func": redis_connected,
            },
        }
    else:
        shared = {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(var_dir / "cache"),
            "OPTIONS": {"MAX_ENTRIES": 20_000, "CULL_FREQUENCY": 4},
        }
    return {"default": default, "shared": shared, "renditions": renditions}


CACHES = cache_settings(os.environ.get("REDIS_URL", ""), VAR_DIR)

# The page cache (jarida.pagecache): seconds a rendered page is kept for anonymous readers
# (purged at once when its content changes; 0 turns it off), how long browsers may keep a
# page, and how long a CDN may serve a stale copy while it refetches.
PAGE_CACHE_SECONDS = 0 if DISABLE_CACHES else env_int("PAGE_CACHE_SECONDS", 300)
BROWSER_CACHE_SECONDS = env_int("BROWSER_CACHE_SECONDS", 60)
STALE_WHILE_REVALIDATE_SECONDS = env_int("STALE_WHILE_REVALIDATE_SECONDS", 60)
# While the database is down, a stored page (never one a purge made stale) is served for up
# to this long past its time; CDNs are told the same (`stale-if-error`).
STALE_IF_ERROR_SECONDS = env_int("STALE_IF_ERROR_SECONDS", 86_400)


def _frontend_cache() -> dict[str, dict[str, object]]:
    """A CDN or Varnish to purge on publish, through Wagtail's frontend cache backends. The
    app itself is not installed: its own purges (on every publish, by the Wagtail Site's
    host) would duplicate `jarida.news.cache_rules`, which purges what each change makes
    stale on the one host SITE_URL names."""
    backend = os.environ.get("FRONTEND_CACHE_BACKEND", "")
    if not backend:
        return {}
    if backend == "varnish":
        location = env_str("FRONTEND_CACHE_LOCATION", "http://127.0.0.1:6081")
        return {
            "varnish": {
                "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
                "LOCATION": location,
            }
        }
    if backend == "cloudflare":
        return {
            "cloudflare": {
                "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
                "BEARER_TOKEN": env_str("CLOUDFLARE_BEARER_TOKEN", ""),
                "ZONEID": env_str("CLOUDFLARE_ZONE_ID", ""),
            }
        }
    if backend == "cloudfront":
        return {
            "cloudfront": {
                "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudfrontBackend",
                "DISTRIBUTION_ID": env_str("CLOUDFRONT_DISTRIBUTION_ID", ""),
            }
        }
    raise ImproperlyConfigured(
        f"FRONTEND_CACHE_BACKEND must be varnish, cloudflare or cloudfront, got {backend!r}"
    )


WAGTAILFRONTENDCACHE = _frontend_cache()

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# The site and the admin are Arabic; dates and times are the newsroom's.
LANGUAGE_CODE = "ar"
LANGUAGES = [("ar", "العربية")]
TIME_ZONE = NEWSROOM_TIME_ZONE
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [PROJECT_DIR / "static"]
STATIC_ROOT = env_path("STATIC_ROOT", VAR_DIR / "static")
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns at every start otherwise
MEDIA_URL = "/media/"
MEDIA_ROOT = env_path("MEDIA_ROOT", VAR_DIR / "media")
# Serve MEDIA_ROOT from Django itself: right for the embedded profile; production puts
# nginx or object storage in front and turns it off.
SERVE_MEDIA = env_bool("SERVE_MEDIA", True)
# Production serves hashed, compressed (gzip and brotli) static files collected by
# `collectstatic`; the embedded profile serves them straight from the source folders.
STATIC_MANIFEST = env_bool("STATIC_MANIFEST", False)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if STATIC_MANIFEST
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not STATIC_MANIFEST
WHITENOISE_MAX_AGE = 365 * 24 * 3600 if STATIC_MANIFEST else 60

# HTTPS: on in production, where TLS ends at nginx or a CDN that sets X-Forwarded-Proto.
HTTPS = env_bool("HTTPS", False)
if HTTPS:
    SECURE_SSL_REDIRECT = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 365 * 24 * 3600)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Wagtail
WAGTAIL_SITE_NAME = SITE_NAME
WAGTAILADMIN_BASE_URL = SITE_URL
WAGTAILIMAGES_IMAGE_MODEL = "images.NewsImage"
WAGTAIL_ALLOW_UNICODE_SLUGS = True
WAGTAIL_I18N_ENABLED = False
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "txt", "xlsx"]
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
# No Gravatar: the admin makes no third-party requests about its users.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
TAGGIT_CASE_INSENSITIVE = True

# The reader site
ARTICLES_PER_PAGE = env_int("ARTICLES_PER_PAGE", 20)

# Reader comments (jarida.comments): see jarida/comments/conf.py for what each one means.
COMMENTS_DEFAULT_MODE = env_str("COMMENTS_DEFAULT_MODE", "premoderated")
COMMENTS_CLOSE_AFTER_DAYS = env_int("COMMENTS_CLOSE_AFTER_DAYS", 14)
COMMENTS_MAX_LINKS = env_int("COMMENTS_MAX_LINKS", 2)
COMMENTS_MIN_FILL_SECONDS = env_int("COMMENTS_MIN_FILL_SECONDS", 3)
COMMENTS_FORM_MAX_AGE = env_int("COMMENTS_FORM_MAX_AGE", 24 * 60 * 60)
COMMENTS_REPEAT_WINDOW_HOURS = env_int("COMMENTS_REPEAT_WINDOW_HOURS", 24)
COMMENTS_RATE_PER_CLIENT = env_str("COMMENTS_RATE_PER_CLIENT", "5/10m")
COMMENTS_RATE_PER_ARTICLE = env_str("COMMENTS_RATE_PER_ARTICLE", "60/m")
# A cache alias that raises when it fails (`shared`): limits that cannot be counted refuse.
COMMENTS_RATE_CACHE = env_str("COMMENTS_RATE_CACHE", "shared")
COMMENTS_TRUSTED_PROXIES = env_list("COMMENTS_TRUSTED_PROXIES", [])
COMMENTS_IP_HASH_SECRET = env_str("COMMENTS_IP_HASH_SECRET", "")
COMMENTS_POLICY = env_str("COMMENTS_POLICY", "jarida.comments.policy.DefaultPolicy")

# Distribution (jarida.distribution): feeds, sitemaps, page metadata, the JSON API.
SITE_DESCRIPTION = env_str("SITE_DESCRIPTION", "")
FEED_ITEMS = env_int("FEED_ITEMS", 50)
SITEMAP_PAGE_SIZE = env_int("SITEMAP_PAGE_SIZE", 10_000)
GOOGLE_NEWS_PUBLICATION_NAME = env_str("GOOGLE_NEWS_PUBLICATION_NAME", "")
PUBLISHER_LOGO = env_str("PUBLISHER_LOGO", "")
TWITTER_SITE = env_str("TWITTER_SITE", "")
API_CORS_ALLOWED_ORIGINS = env_list("API_CORS_ALLOWED_ORIGINS", ["*"])

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {"jarida": {"level": env_str("LOG_LEVEL", "INFO")}},
}
