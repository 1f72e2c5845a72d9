"""What the cache-coherence machine (`test_cache_coherence.py`) needs besides its rules: the
newsroom's actions, the small paper it acts on, the reader surfaces it reads, and a CDN that
records what it is told to purge.

Everything the machine does to the paper goes through `Newsroom` below, and every project
import it needs is at the top of this module: when an entry point moves, this is the one
place to update. The machine itself only reads public URLs.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import difflib
import io
import re
import zoneinfo
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.core.files.images import ImageFile
from django.core.management import call_command
from django.db.models.signals import post_save
from django.test import Client, override_settings
from django.test import TestCase as DjangoTestCase
from PIL import Image
from wagtail.contrib.frontend_cache.backends import BaseBackend
from wagtail.signals import page_published, page_unpublished, post_page_move

# -- The project's entry points: the only project imports of the machine ---------------------
from jarida.comments.models import Comment
from jarida.images.models import NewsImage
from jarida.news import cache_rules as purge_rules
from jarida.news.body import body_stream
from jarida.news.models import (
    ArticleAuthor,
    ArticlePage,
    Author,
    CorrectionNotice,
    HomePage,
    PublicationRefused,
    SectionPage,
)
from jarida.news.publication import lift, take_down
from jarida.news.signals import article_page_changed as comments_changed

# The purge rules the mutation test removes, one at a time, by their signal connections:
# (signal, receiver, sender). Each must make the machine fail when it is disconnected.
PURGE_RULES: dict[str, list[tuple[Any, Any, Any]]] = {
    "article published or unpublished": [
        (page_published, purge_rules.article_changed, ArticlePage),
        (page_unpublished, purge_rules.article_changed, ArticlePage),
    ],
    "page moved": [(post_page_move, purge_rules.page_moved, None)],
    "comment shown or hidden": [(comments_changed, purge_rules.article_page_extras_changed, None)],
    "lead photo edited": [(post_save, purge_rules.lead_image_changed, NewsImage)],
}


class Newsroom:
    """Editorial actions through the project's real entry points (Wagtail's revisions, move
    and unpublish, the takedown functions, the comment desk's moderation, the scheduler's
    tick). Articles, sections, photos and comments are named by primary key and read afresh
    for each action, as an editor's next request would."""

    @staticmethod
    def article(pk: int) -> ArticlePage:
        return ArticlePage.objects.get(pk=pk)

    @staticmethod
    def draft(pk: int) -> ArticlePage:
        """The article as the editor opens it: its latest revision, scheduled or draft."""
        return ArticlePage.objects.get(pk=pk).get_latest_revision_as_object()

    @staticmethod
    def is_live(pk: int) -> bool:
        return ArticlePage.objects.get(pk=pk).live

    @staticmethod
    def is_taken_down(pk: int) -> bool:
        return ArticlePage.objects.get(pk=pk).takedowns.active().exists()

    def save_and_publish(self, page: Any) -> None:
        page.save_revision().publish()

    def publish(self, pk: int) -> None:
        """Publish the latest revision (a draft goes live, a scheduled one is rescheduled).
        A taken-down article's publish is refused: the editor is told, nothing changes."""
        with contextlib.suppress(PublicationRefused):
            self.article(pk).get_latest_revision().publish()

    def edit(self, pk: int, *, publish: bool, **fields: Any) -> None:
        """Change fields of the latest revision; publish it, or keep it as a draft."""
        page = self.draft(pk)
        for name, value in fields.items():
            setattr(page, name, value)
        revision = page.save_revision()
        if publish:
            with contextlib.suppress(PublicationRefused):
                revision.publish()

    def unpublish(self, pk: int) -> None:
        self.article(pk).unpublish()

    def take_down(self, pk: int) -> None:
        take_down(self.article(pk), None, "حكم قضائي بمنع النشر")

    def lift(self, pk: int) -> None:
        lift(self.article(pk).takedowns.active().get(), None)

    def schedule(self, pk: int, at: dt.datetime) -> None:
        self.edit(pk, publish=True, go_live_at=at)

    def run_scheduler(self) -> None:
        call_command("run_scheduler", "--once", stdout=io.StringIO())

    def restore(self, pk: int, index: int) -> None:
        """Publish an older revision of the article (the n-th, oldest first, modulo)."""
        revisions = list(self.article(pk).revisions.order_by("created_at", "pk"))
        with contextlib.suppress(PublicationRefused):
            revisions[index % len(revisions)].publish()

    def move(self, pk: int, section_pk: int) -> None:
        self.article(pk).move(SectionPage.objects.get(pk=section_pk), pos="last-child")

    def retitle_section(self, pk: int, title: str) -> None:
        section = SectionPage.objects.get(pk=pk)
        section.title = title
        self.save_and_publish(section)

    def set_photo_credit(self, pk: int, credit: str) -> None:
        image = NewsImage.objects.get(pk=pk)
        image.credit = credit
        image.save()

    def moderate_comment(self, pk: int, approve: bool) -> None:
        status = Comment.Status.APPROVED if approve else Comment.Status.REJECTED
        Comment.objects.filter(pk=pk).set_status(status)

    @contextmanager
    def committing(self) -> Iterator[None]:
        """Run what the action left for after its commit (purges), as a commit would."""
        with DjangoTestCase.captureOnCommitCallbacks(execute=True):
            yield


# -- The paper -------------------------------------------------------------------------------

SECTION_TITLES = ("سياسة", "اقتصاد", "رياضة")
AUTHOR_NAMES = ("ريم الخوري", "سامر حداد")
TAG_NAMES = ("الموازنة", "الانتخابات", "النفط")
# (title, section index, tag indexes, author indexes, lead photo index or None, live)
ARTICLES = (
    ("الحكومة تقرّ مشروع الموازنة العامة", 0, (0,), (0,), 0, True),
    ("البرلمان يناقش قانون الانتخابات الجديد", 0, (1,), (1,), None, True),
    ("أسعار النفط ترتفع مع تراجع المخزون", 1, (2, 0), (0,), 1, True),
    ("المصارف تطالب بخطة للموازنة", 1, (0,), (0, 1), 0, True),
    ("المنتخب يستعد لتصفيات كأس آسيا", 2, (), (1,), None, True),
    ("مرشحون جدد في الانتخابات البلدية", 0, (1, 2), (0,), 1, False),
)
# Words that edits put in headlines and bodies; the search surface asks for the first.
WORDS = ("الموازنة", "عاجل", "تحقيق", "اجتماع")
SEARCH_WORD = WORDS[0]


@dataclass
class Paper:
    """The primary keys of what `build_paper` made, in the order of the tables above."""

    sections: list[int]
    articles: list[int]
    photos: list[int]
    comments: list[int]
    authors: list[int]


def paragraphs(*texts: str) -> list[dict[str, Any]]:
    return body_stream(("paragraph", text) for text in texts)


def small_jpeg(colour: str) -> ImageFile:
    buffer = io.BytesIO()
    Image.new("RGB", (320, 180), colour).save(buffer, "JPEG", quality=70)
    return ImageFile(buffer, name="lead.jpg")


def build_paper(now: dt.datetime) -> Paper:
    """Three sections, two authors, three tags, two credited photos, six articles (one a
    never-published draft, one with a correction notice) and comments, some approved."""
    home = HomePage.objects.get()
    sections = []
    for title in SECTION_TITLES:
        section = SectionPage(title=title, description=f"أخبار {title}")
        home.add_child(instance=section)
        section.save_revision().publish()
        sections.append(section)
    authors = [Author.objects.create(name=name) for name in AUTHOR_NAMES]
    photos = [
        NewsImage.objects.create(title=f"صورة {n}", file=small_jpeg(colour), credit=credit)
        for n, (colour, credit) in enumerate((("#5a6b7c", "© Getty"), ("#7c6b5a", "© AFP")))
    ]
    articles = []
    for n, (title, section, tags, by, photo, live) in enumerate(ARTICLES):
        page = ArticlePage(
            title=title,
            summary=f"موجز: {title}",
            body=paragraphs(f"{title}، في تقرير مراسلنا.", "وقال مصدر مطّلع إنّ النقاش مستمر."),
            lead_image=photos[photo] if photo is not None else None,
            first_published_at=(now - dt.timedelta(hours=6 - n)) if live else None,
            live=live,
        )
        page.article_authors = [
            ArticleAuthor(author=authors[a], sort_order=i) for i, a in enumerate(by)
        ]
        page.tags.set([TAG_NAMES[t] for t in tags])
        sections[section].add_child(instance=page)
        revision = page.save_revision()
        if live:
            revision.publish()
        articles.append(page)
    # A correction notice, published with a new revision of the first article.
    first = ArticlePage.objects.get(pk=articles[0].pk)
    first.notices.add(CorrectionNotice(kind="correction", text="صُحّح رقم العجز."))
    first.save_revision().publish()
    comments = []
    for article, status in (
        (articles[0], Comment.Status.APPROVED),
        (articles[0], Comment.Status.PENDING),
        (articles[2], Comment.Status.PENDING),
        (articles[3], Comment.Status.APPROVED),
    ):
        comments.append(
            Comment.objects.create(
                article=article, name="قارئ من صيدا", body="شكراً على التقرير.", status=status
            ).pk
        )
    return Paper(
        sections=[s.pk for s in sections],
        articles=[a.pk for a in articles],
        photos=[p.pk for p in photos],
        comments=comments,
        authors=[a.pk for a in authors],
    )


# -- Reader surfaces ---------------------------------------------------------------------------


def surfaces(paper: Paper, seen: set[str]) -> list[str]:
    """Every reader URL of the paper: each article's current URL (and every URL it had
    before: `seen`), its short link, home, sections, tags, authors, the date archive,
    corrections, feeds, sitemaps, search and the API."""
    articles = list(ArticlePage.objects.filter(pk__in=paper.articles).order_by("pk"))
    sections = list(SectionPage.objects.filter(pk__in=paper.sections).order_by("pk"))
    tags = sorted({tag.slug for a in articles for tag in a.tags.all()})
    authors = list(Author.objects.filter(pk__in=paper.authors).order_by("pk"))
    urls = ["/"]
    for article in articles:
        if article.url:
            seen.add(unquote(article.url))
    urls += sorted(seen)
    urls += [f"/a/{a.pk}/" for a in articles]
    urls += [unquote(s.url) for s in sections if s.url]
    urls += [f"/tags/{slug}/" for slug in tags]
    urls += [f"/authors/{a.slug}/" for a in authors]
    published = [a.first_published_at for a in articles if a.first_published_at]
    zone = zoneinfo.ZoneInfo(settings.NEWSROOM_TIME_ZONE)
    months = sorted({f"{m.astimezone(zone):%Y}/{m.astimezone(zone).month}" for m in published})
    urls += [f"/archive/{month}/" for month in months]
    urls += ["/corrections/", "/feeds/rss/", "/feeds/atom/"]
    urls += [f"/feeds/{s.slug}/rss/" for s in sections]
    urls += [f"/feeds/tags/{slug}/rss/" for slug in tags]
    urls += [f"/feeds/authors/{a.slug}/atom/" for a in authors]
    urls += [
        "/sitemap.xml",
        *(f"/sitemaps/{name}.xml" for name in ("articles", "news", "sections")),
    ]
    urls += [f"/search/?q={SEARCH_WORD}", "/api/v1/articles/"]
    urls += [f"/api/v1/articles/{a.pk}/" for a in articles]
    return urls


@dataclass(frozen=True)
class Seen:
    """A response as a reader (or a CDN) gets it: status, redirect target, body, and whether
    a shared cache may keep it."""

    status: int
    location: str
    body: str
    cdn_may_keep: bool

    def differs_from(self, other: Seen) -> bool:
        return (self.status, self.location, self.body) != (other.status, other.location, other.body)


# Parts of a render that legitimately differ between two renders of the same content: a
# feed's build time (a feed with no dated item is dated by the moment it is built).
VARYING = (
    (re.compile(r"<lastBuildDate>[^<]*</lastBuildDate>"), "<lastBuildDate>…</lastBuildDate>"),
    # Atom's feed-level <updated>: the first one, before any <entry>.
    (
        re.compile(r"^((?:(?!<entry[ >]).)*?)<updated>[^<]*</updated>", re.S),
        r"\1<updated>…</updated>",
    ),
)


def normalise(body: str) -> str:
    for pattern, replacement in VARYING:
        body = pattern.sub(replacement, body, count=1)
    return body


def cdn_may_keep(response: Any) -> bool:
    """Whether a shared cache in front of the site may keep this response: any response
    that does not forbid it (a CDN or Varnish keeps those for its default time)."""
    directives = {
        part.strip().split("=")[0].lower()
        for part in response.get("Cache-Control", "").split(",")
        if part.strip()
    }
    if directives & {"private", "no-store", "no-cache"}:
        return False
    control = response.get("Cache-Control", "").replace(" ", "").lower()
    return not ("s-maxage=0" in control or ("max-age=0" in control and "s-maxage" not in control))


def read(urls: list[str]) -> dict[str, Seen]:
    """Each URL as an anonymous reader gets it now."""
    client = Client()
    seen = {}
    for url in urls:
        response = client.get(url)
        body = b"" if response.streaming else response.content
        seen[url] = Seen(
            status=response.status_code,
            location=response.get("Location", ""),
            body=normalise(body.decode("utf-8", errors="replace")),
            cdn_may_keep=cdn_may_keep(response),
        )
    return seen


def read_fresh(urls: list[str]) -> dict[str, Seen]:
    """Each URL rendered with every cache bypassed: no page cache, no fragment, no entry."""
    dummy = {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    with override_settings(
        CACHES={alias: dummy for alias in settings.CACHES}, PAGE_CACHE_SECONDS=0
    ):
        return read(urls)


def difference(cached: Seen, fresh: Seen, lines: int = 8) -> str:
    """What a reader got from the caches that a fresh render does not say, briefly."""
    if (cached.status, cached.location) != (fresh.status, fresh.location):
        return (
            f"cached {cached.status} {cached.location!r}, fresh {fresh.status} {fresh.location!r}"
        )
    diff = difflib.unified_diff(
        unquote(re.sub(r">\s*<", ">\n<", fresh.body)).splitlines(),
        unquote(re.sub(r">\s*<", ">\n<", cached.body)).splitlines(),
        "fresh",
        "cached",
        n=0,
        lineterm="",
    )
    shown = [line[:200] for line in diff if not line.startswith(("---", "+++", "@@"))]
    return "\n      ".join(shown[:lines] + (["…"] if len(shown) > lines else []))


# -- The CDN -----------------------------------------------------------------------------------

PURGED: list[str] = []


class RecordingBackend(BaseBackend):
    """A frontend cache that only writes down what it is asked to purge."""

    def purge(self, url: str) -> None:
        PURGED.append(url)

    def purge_batch(self, urls: Any) -> None:
        PURGED.extend(urls)


RECORDING_CDN = {"recorder": {"BACKEND": f"{__name__}.RecordingBackend"}}


def site_origin() -> tuple[str, str]:
    parts = urlsplit(settings.SITE_URL)
    return parts.scheme, parts.netloc


def purged_paths() -> set[str]:
    """The purged URLs as path and query, decoded, whatever their host."""
    paths = set()
    for url in PURGED:
        parts = urlsplit(url)
        paths.add(unquote(parts.path) + (f"?{unquote(parts.query)}" if parts.query else ""))
    return paths


def purged_elsewhere() -> list[str]:
    """Purged URLs that are not on the host SITE_URL names (the one a CDN serves)."""
    origin = site_origin()
    return sorted({url for url in PURGED if (urlsplit(url).scheme, urlsplit(url).netloc) != origin})
