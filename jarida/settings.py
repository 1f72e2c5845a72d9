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
    "jarida.readership",
    "jarida.search",
    "jarida.distribution",
    "jarida.importers",
    "jarida.live",
    "jarida.newsletters",
    "jarida.outbox",
    "jarida.pagecache",
    "jarida.demo",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    # Wagtail's users app with the newsroom's rules: nobody grants more than they hold.
    "jarida.newsroom.users_app.NewsroomUsersConfig",
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
    # Its Arabic catalogue: Wagtail prints humanize's naturaltime («منذ 14 ثانية») in the admin.
    "django.contrib.humanize",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "axes",
    # Staff two-factor sign-in (TOTP), `jarida.newsroom.twofactor`.
    "django_otp",
    "django_otp.plugins.otp_totp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # CSP and Permissions-Policy on every response, cached or not (outside the page cache).
    "jarida.newsroom.headers.SecurityHeadersMiddleware",
    # A NUL or other control character in a URL: 404 (path) or 400 (query), never a 500.
    "jarida.news.middleware.RejectControlCharactersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Outside the page cache: what the cache replays is gzip already (the middleware leaves a
    # response with a Content-Encoding alone); this compresses what it does not keep (search,
    # the comment form, error pages, editors' views). Inside WhiteNoise, which compresses its own.
    "jarida.news.middleware.GZipWithoutSecretsMiddleware",
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
    # Two-factor: whether this session gave its code, and the admin closed until it does.
    "django_otp.middleware.OTPMiddleware",
    "jarida.newsroom.twofactor.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # A publish refused by the paper's rules (a takedown) comes back to the editor as a message.
    "jarida.news.middleware.PublicationRefusedMiddleware",
    # Turns a login that django-axes refused into the Arabic lockout page (last, as axes asks).
    "axes.middleware.AxesMiddleware",
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
# Which part of a query string keys a cached page: the parameters the site's views read.
PAGE_CACHE_KEY_QUERY = "jarida.news.cache_rules.cache_key_query"
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

# Admin login lockout (django-axes, `jarida.newsroom.lockout`): after LOGIN_FAILURE_LIMIT
# failed logins for one account, or from one client address, logins stop for
# LOGIN_LOCKOUT_MINUTES. Counted in the shared cache; if it cannot be reached, logins stop.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_ENABLED = env_bool("LOGIN_LOCKOUT", True)
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("LOGIN_LOCKOUT_MINUTES", 15) / 60  # hours, as axes counts
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_HANDLER = "jarida.newsroom.lockout.FailClosedCacheHandler"
AXES_CACHE = "shared"
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "jarida.newsroom.lockout.client_ip"
AXES_LOCKOUT_CALLABLE = "jarida.newsroom.lockout.lockout_response"
AXES_SENSITIVE_PARAMETERS = ["password"]

# Two-factor sign-in (TOTP, `jarida.newsroom.twofactor`) for these roles: superuser, chief,
# editor, reporter, moderator. Production: at least "superuser,chief". Empty by default (the
# embedded demo), so `make run` signs straight in.
TWO_FACTOR_ROLES = env_list("TWO_FACTOR_ROLES", [])
OTP_TOTP_ISSUER = SITE_NAME

# Passwords: at least PASSWORD_MIN_LENGTH characters, not common in Arabic or English, not
# the paper's name or a username with digits, not one character repeated
# (`jarida.newsroom.passwords`).
PASSWORD_MIN_LENGTH = env_int("PASSWORD_MIN_LENGTH", 10)
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": PASSWORD_MIN_LENGTH},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "jarida.newsroom.passwords.RepeatedCharactersValidator"},
    {"NAME": "jarida.newsroom.passwords.ArabicCommonPasswordValidator"},
    {"NAME": "jarida.newsroom.passwords.PaperNameValidator"},
]

# The site and the admin are Arabic; dates and times are the newsroom's.
LANGUAGE_CODE = "ar"
# The admin's Arabic, corrected and completed (jarida/locale/ar: English leftovers and
# mistranslations in Wagtail's catalogue), and dates in the paper's order (jarida/formats).
LOCALE_PATHS = [PROJECT_DIR / "locale"]
FORMAT_MODULE_PATH = ["jarida.formats"]
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
# How long browsers and CDNs keep a media file (photos and their renditions): a rendition's
# name holds its filter and the photo's focal point, and a replaced photo gets a new name.
MEDIA_MAX_AGE = env_int("MEDIA_MAX_AGE", 30 * 24 * 3600)

# «الأكثر قراءة» (jarida.readership): a client's second view of an article within this many
# seconds is not counted, and the list is recomputed at most this often.
MOST_READ_REPEAT_SECONDS = env_int("MOST_READ_REPEAT_SECONDS", 1800)
MOST_READ_REFRESH_SECONDS = env_int("MOST_READ_REFRESH_SECONDS", 600)
MOST_READ_PER_ADDRESS_PER_HOUR = env_int("MOST_READ_PER_ADDRESS_PER_HOUR", 120)
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

# E-mail: workflow notifications, password resets. EMAIL_URL names the backend and server:
#   smtp://user:pass@host:587          plain SMTP (STARTTLS when the URL says ?tls=1)
#   smtp+tls://user:pass@host:587      SMTP with STARTTLS
#   smtps://user:pass@host:465         SMTP over TLS
#   console://                         printed to the log (the embedded default)
#   file:///path/to/folder             one file per message (relative paths: the checkout)
#   locmem://                          kept in memory (tests)
# User and password are URL-encoded (an @ in a password is %40).
EMAIL_SCHEMES = {
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "smtp+tls": "django.core.mail.backends.smtp.EmailBackend",
    "smtps": "django.core.mail.backends.smtp.EmailBackend",
    "console": "django.core.mail.backends.console.EmailBackend",
    "file": "django.core.mail.backends.filebased.EmailBackend",
    "locmem": "django.core.mail.backends.locmem.EmailBackend",
}


def email_settings(url: str) -> dict[str, object]:
    """Django's EMAIL_* settings from one URL; `ImproperlyConfigured` names what is wrong."""
    from urllib.parse import parse_qs, unquote, urlsplit

    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in EMAIL_SCHEMES:
        raise ImproperlyConfigured(
            f"EMAIL_URL must start with one of {', '.join(s + '://' for s in EMAIL_SCHEMES)};"
            f" got {url.split('://')[0]!r}"
        )
    config: dict[str, object] = {"EMAIL_BACKEND": EMAIL_SCHEMES[scheme]}
    options = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    if scheme == "file":
        path = unquote(parts.netloc + parts.path) or str(VAR_DIR / "mail")
        config["EMAIL_FILE_PATH"] = str(BASE_DIR / path) if not path.startswith("/") else path
    if scheme.startswith("smtp"):
        try:
            port = parts.port
        except ValueError:
            raise ImproperlyConfigured(f"EMAIL_URL has a bad port: {url!r}") from None
        if not parts.hostname:
            raise ImproperlyConfigured(f"EMAIL_URL names no host: {url!r}")
        config.update(
            EMAIL_HOST=parts.hostname,
            EMAIL_PORT=port or (465 if scheme == "smtps" else 587 if scheme == "smtp+tls" else 25),
            EMAIL_HOST_USER=unquote(parts.username or ""),
            EMAIL_HOST_PASSWORD=unquote(parts.password or ""),
            EMAIL_USE_SSL=scheme == "smtps",
            EMAIL_USE_TLS=scheme == "smtp+tls" or options.get("tls") in {"1", "true"},
        )
    try:
        config["EMAIL_TIMEOUT"] = float(options.get("timeout", 10))
    except ValueError:
        raise ImproperlyConfigured(f"EMAIL_URL timeout must be a number: {url!r}") from None
    return config


_EMAIL = email_settings(env_str("EMAIL_URL", "console://"))
globals().update(_EMAIL)
# Sending queues (`jarida.outbox`): run_scheduler delivers through EMAIL_URL's backend, with
# retries, so a mail server that is down never blocks or breaks an editor's action.
OUTBOX_DELIVERY_BACKEND = str(_EMAIL["EMAIL_BACKEND"])
EMAIL_BACKEND = "jarida.outbox.backends.OutboxBackend"
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "") or f"{SITE_NAME} <newsroom@localhost>"
SERVER_EMAIL = env_str("SERVER_EMAIL", "") or DEFAULT_FROM_EMAIL
EMAIL_SUBJECT_PREFIX = f"[{SITE_NAME}] "
WAGTAILADMIN_NOTIFICATION_FROM_EMAIL = DEFAULT_FROM_EMAIL
WAGTAILADMIN_NOTIFICATION_USE_HTML = True
# Workflow mail goes to the task's reviewers and the article's author, not to every superuser.
WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS = False
# The comment desk's digest of what waits for review, at most every this many hours (0: off).
MODERATION_DIGEST_HOURS = env_int("MODERATION_DIGEST_HOURS", 24)

# Security headers (`jarida.newsroom.headers`). Reader pages: only this site's scripts and
# styles, the one inline script by its hash. CSP_EXTRA_SOURCES adds origins (a CDN or object
# storage serving media and static files) to every fetch directive of both policies.
ADMIN_URL_PREFIX = "/admin/"
_CSP_EXTRA = env_list("CSP_EXTRA_SOURCES", [])
_SELF = ["'self'", *_CSP_EXTRA]
_CSP_COMMON = {
    "default-src": _SELF,
    "img-src": [*_SELF, "data:", "blob:"],
    "font-src": _SELF,
    "connect-src": _SELF,
    "media-src": _SELF,
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'self'"],
}


def _reader_script_hashes() -> list[str]:
    from jarida.newsroom.headers import script_hash

    return [script_hash(PROJECT_DIR / "templates" / "news" / "includes" / "font_size.js")]


CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        **_CSP_COMMON,
        "script-src": [*_SELF, *_reader_script_hashes()],
        "style-src": _SELF,
        "frame-src": ["'none'"],
    }
}
# The admin: Wagtail's templates need inline scripts and styles; nothing else is relaxed.
ADMIN_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        **_CSP_COMMON,
        "script-src": [*_SELF, "'unsafe-inline'"],
        "style-src": [*_SELF, "'unsafe-inline'"],
        "frame-src": ["'self'"],  # the live preview
    }
}
PERMISSIONS_POLICY = env_str(
    "PERMISSIONS_POLICY",
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), browsing-topics=()",
)
SECURE_REFERRER_POLICY = env_str("SECURE_REFERRER_POLICY", "strict-origin-when-cross-origin")

# Wagtail
WAGTAIL_SITE_NAME = SITE_NAME
WAGTAILADMIN_BASE_URL = SITE_URL
WAGTAILIMAGES_IMAGE_MODEL = "images.NewsImage"
WAGTAIL_ALLOW_UNICODE_SLUGS = True
WAGTAIL_I18N_ENABLED = False
# Wagtail's database backend with Arabic folding of queries (`jarida.newsroom.search_backend`):
# the admin's search finds الأمطار for الامطار, as reader search does.
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "jarida.newsroom.search_backend"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "txt", "xlsx"]
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
# No Gravatar: the admin makes no third-party requests about its users.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# Nor to releases.wagtail.org (the admin policy would block it anyway): upgrades are ours.
WAGTAIL_ENABLE_UPDATE_CHECK = False
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

# Newsletters (jarida.newsletters; defaults and meanings in jarida/newsletters/conf.py): the
# morning digest's time in the newsroom's zone (empty: only `send_newsletter daily` sends it),
# how many minutes before it the scheduler drafts it for editors to arrange (0: no draft),
# stories in a section list's own edition (sent with the digest), the opt-in open and click
# counts (off by default), the send queue's batch, SMTP connections, attempts and back-off,
# the hourly cap on breaking alerts, the subscribe form's rates per client and per address,
# and the sender.
NEWSLETTER_DAILY_AT = env_str("NEWSLETTER_DAILY_AT", "06:30")
NEWSLETTER_DRAFT_LEAD_MINUTES = env_int("NEWSLETTER_DRAFT_LEAD_MINUTES", 60)
NEWSLETTER_SECTION_STORIES = env_int("NEWSLETTER_SECTION_STORIES", 8)
NEWSLETTER_TRACKING = env_bool("NEWSLETTER_TRACKING", False)
NEWSLETTER_BATCH_SIZE = env_int("NEWSLETTER_BATCH_SIZE", 200)
NEWSLETTER_SEND_WORKERS = env_int("NEWSLETTER_SEND_WORKERS", 4)
NEWSLETTER_MAX_ATTEMPTS = env_int("NEWSLETTER_MAX_ATTEMPTS", 5)
NEWSLETTER_RETRY_BASE_SECONDS = env_int("NEWSLETTER_RETRY_BASE_SECONDS", 60)
NEWSLETTER_ALERTS_PER_HOUR = env_int("NEWSLETTER_ALERTS_PER_HOUR", 3)
NEWSLETTER_RATE_PER_CLIENT = env_str("NEWSLETTER_RATE_PER_CLIENT", "5/10m")
NEWSLETTER_RATE_PER_ADDRESS = env_str("NEWSLETTER_RATE_PER_ADDRESS", "3/d")
NEWSLETTER_FROM_EMAIL = env_str("NEWSLETTER_FROM_EMAIL", "")
