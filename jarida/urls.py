from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import include, path, re_path
from django.views.static import serve
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.urls import serve_pattern

from jarida.news.views import SERVE_PAGE, serve_page

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("", include("jarida.news.urls")),
    path("", include("jarida.comments.urls")),
    path("", include("jarida.newsletters.urls")),
    path("", include("jarida.readership.urls")),
    path("", include("jarida.search.urls")),
    path("", include("jarida.live.urls")),  # before the API's catch-all under /api/v1/
    path("", include("jarida.distribution.urls")),
]


def serve_media(request: HttpRequest, path: str) -> HttpResponse:
    """A media file with a long cache lifetime (`MEDIA_MAX_AGE`): photos are most of a
    page's bytes, and a reader going from page to page should not fetch them again."""
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    response["Cache-Control"] = f"public, max-age={settings.MEDIA_MAX_AGE}"
    return response


if settings.SERVE_MEDIA:
    media_prefix = settings.MEDIA_URL.lstrip("/")
    urlpatterns.append(re_path(rf"^{media_prefix}(?P<path>.*)$", serve_media))

# Wagtail's page tree answers everything else: home, sections, articles, served by our
# `serve_page` (Wagtail's view, with the site's home page found in two narrow queries);
# Wagtail's own patterns stay for its `_util/` views and for `reverse("wagtail_serve")`.
urlpatterns += [
    re_path(serve_pattern.replace("^", "^(?!_util/)", 1), serve_page, name=SERVE_PAGE),
    path("", include(wagtail_urls)),
]

# The reader's error pages, in Arabic, rendered without the database (jarida.news.errors).
handler404 = "jarida.news.errors.page_not_found"
handler500 = "jarida.news.errors.server_error"
