"""The paper as Wagtail pages: Home → Section → Article (`article.py`).

Each page reads what it shows in a fixed, small number of queries, whatever the length of
its lists (`jarida/news/tests/test_query_counts.py` holds them to it): the sections once per
request (routing and the masthead share them), a list's ids from one index, its cards in
one query, and every photo's renditions in one query.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from operator import attrgetter
from typing import TYPE_CHECKING, Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404, HttpRequest
from django.utils.functional import cached_property
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, PageChooserPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page, PageViewRestriction
from wagtail.search import index
from wagtail.url_routing import RouteResult

from jarida.arabic import slugify
from jarida.images.models import prefetch_renditions
from jarida.news.models.blocks import ArticleBodyBlock
from jarida.news.models.querysets import (
    ArticlePageQuerySet,
    RowSQL,
    last_change,
    listed_by_id,
    paginate,
    visibility_moments,
)

if TYPE_CHECKING:
    from jarida.news.models.article import ArticlePage

# Top-level URL segments that belong to our own views, never to a section's slug.
# The front page: three secondaries under the lead, six in «آخر الأخبار», four per section.
SECONDARIES = 3
LATEST = 8  # two full rows of four on a laptop, four of two on a tablet
SECTION_STORIES = 4

RESERVED_SLUGS = frozenset(
    {
        "a",
        "admin",
        "api",
        "archive",
        "authors",
        "documents",
        "media",
        "search",
        "static",
        "tags",
        "comments",
        "feeds",
        "corrections",
        "about",
        "contact",
        "most-read",
        "sitemaps",
        "sitemap.xml",
        "robots.txt",
    }
)


class ArabicSlugMixin:
    """Pages get slugs from `jarida.arabic.slugify` (harakat and tatweel dropped, hamza kept),
    whatever the admin's JS produced, so a URL reads like its headline and matches what the
    importers make. Wagtail's `full_clean` runs before every save of a page."""

    slug: str
    title: str
    path: str
    depth: int

    def full_clean(self, *args: Any, **kwargs: Any) -> None:
        if self.slug:
            self.slug = slugify(self.slug) or self.slug
        elif self.path and (base := slugify(self.title)):
            self.slug = self._unique_among_siblings(base)
        super().full_clean(*args, **kwargs)  # type: ignore[misc]

    def _unique_among_siblings(self, base: str) -> str:
        parent_path = self.path[: -Page.steplen]
        taken = set(
            Page.objects.filter(path__startswith=parent_path, depth=self.depth)
            .exclude(pk=getattr(self, "pk", None))
            .values_list("slug", flat=True)
        )
        candidate, n = base, 2
        while candidate in taken:
            candidate = f"{base}-{n}"
            n += 1
        return candidate


class UnrestrictedUnlessKnown:
    """Wagtail asks every page it serves for its view restrictions (two queries). A page
    found by our routing already knows whether it is under one (`restricted`, annotated in
    its own query): then "none" costs nothing, and only a restricted page asks Wagtail."""

    restricted: bool | None = None
    alias_of_id: int | None

    def get_view_restrictions(self) -> Any:
        if self.restricted is False and self.alias_of_id is None:
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()  # type: ignore[misc]


@dataclass
class Chrome:
    """What every page shows of the site around its content (`HomePage.chrome`)."""

    sections: list[SectionPage]
    # (title, Wagtail's `url_path`) of the plain pages (من نحن، اتصل بنا، سياسة الخصوصية) the
    # footer lists: live, open to every reader, «إظهار في القوائم» ticked, in the editors' order.
    footer_pages: list[tuple[str, str]]
    next_change: dt.datetime | None
    has_breaking: bool
    show_hijri: bool
    hijri_offset: int
    # The editors' logo (NewsroomSettings.logo) as its stored file's name, width and height,
    # or None for the built-in wordmark.
    logo: tuple[str, int, int] | None = None
    # Its light variant for readers in dark mode (NewsroomSettings.logo_dark): the file's name.
    logo_dark: str | None = None


class HomePage(UnrestrictedUnlessKnown, Page):
    top_story = models.ForeignKey(
        "news.ArticlePage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="الخبر الرئيسي",
        help_text="إن تُرك فارغاً يظهر أحدث خبر منشور.",
    )

    content_panels = [
        *Page.content_panels,
        PageChooserPanel("top_story", "news.ArticlePage"),
        InlinePanel(
            "secondary_stories",
            max_num=SECONDARIES,
            label="أبرز الأخبار",
            help_text="حتى ثلاثة أخبار تظهر بجانب الخبر الرئيسي؛ تكمّلها أحدث الأخبار.",
        ),
    ]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["news.SectionPage", "news.InfoPage"]
    max_count = 1

    class Meta:
        verbose_name = "الصفحة الرئيسية"

    @classmethod
    def with_chrome(
        cls, pk: int, path: str, depth: int, facts: Mapping[str, Any] | None = None
    ) -> HomePage | None:
        """The home page at `pk` (tree `path` and `depth`, from the site's row) with its
        `chrome` and its own view restriction, read together in one query over it and its
        children (`rows.chrome_pages`); None if that page is not a HomePage. `facts`: the
        site-wide facts (`site_facts`), when the site's row brought them
        (`links.site_root`); else this query reads them."""
        from jarida.news.models.rows import chrome_pages

        pages, read = chrome_pages(pk, path, depth, with_facts=facts is None)
        home = next((page for page in pages if page.pk == pk), None)
        if not isinstance(home, HomePage):
            return None
        children = sorted((p for p in pages if p.pk != pk), key=attrgetter("path"))
        home.chrome = home.chrome_of(children, read if facts is None else facts)
        return home

    @cached_property
    def chrome(self) -> Chrome:
        """What every page's masthead and footer show, read once per request in one query
        over the home page and its children (`with_chrome` reads it with the home page
        itself): the sections (live or not: Wagtail answers 404 for a draft; each knowing
        whether it is under a view restriction), the plain pages the footer lists, and the
        site-wide facts: the next moment the site changes by itself (an expiry, the end of
        a breaking window), whether the «عاجل» strip has anything, the Hijri date settings
        and the editors' logo. Routing reads the same sections."""
        from jarida.news.models.rows import chrome_pages

        pages, facts = chrome_pages(self.pk, self.path, self.depth, with_facts=True)
        children = sorted((p for p in pages if p.pk != self.pk), key=attrgetter("path"))
        return self.chrome_of(children, facts)

    def chrome_of(self, children: list[Any], facts: Mapping[str, Any]) -> Chrome:
        """The chrome from the home page's `children` (from `rows.chrome_pages`, in tree
        order, each with `restricted`) and the site-wide `facts`."""
        section_type = ContentType.objects.get_for_model(SectionPage).pk
        info_type = ContentType.objects.get_for_model(InfoPage).pk
        sections = [child for child in children if child.content_type_id == section_type]
        footer_pages = [
            (child.title, child.url_path)
            for child in children
            if child.content_type_id == info_type
            and child.live
            and child.show_in_menus
            and not child.restricted
        ]
        moments = [m for m in (facts["next_expiry"], facts["breaking_end"]) if m is not None]
        logo = facts["logo_file"]
        return Chrome(
            sections=sections,
            footer_pages=footer_pages,
            next_change=min(moments, default=None),
            has_breaking=facts["breaking_end"] is not None,
            show_hijri=bool(facts["show_hijri"]),
            hijri_offset=facts["hijri_offset"] or 0,
            logo=(logo, facts["logo_width"], facts["logo_height"]) if logo else None,
            logo_dark=facts["logo_dark_file"] or None,
        )

    @property
    def sections(self) -> list[SectionPage]:
        return self.chrome.sections

    def public_sections(self) -> list[SectionPage]:
        """Its live sections that every reader may see, in the editors' order."""
        return [section for section in self.sections if section.live and not section.restricted]

    def section_of(self, article: ArticlePage) -> SectionPage | None:
        """The section holding `article`, from `sections` (no query)."""
        parent_path = article.path[: -Page.steplen]
        return next((s for s in self.sections if s.path == parent_path), None)

    def route(self, request: HttpRequest, path_components: list[str]) -> Any:
        """A section is found among `sections` rather than by Wagtail's child lookup
        followed by `.specific` (two queries)."""
        request.paper_home = self  # the request's home page, for `links.url_of`
        if path_components:
            for section in self.sections:
                if section.slug == path_components[0]:
                    return section.route(request, path_components[1:])
        return super().route(request, path_components)

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        """A front page with a hierarchy, each story shown once: the lead (the editors' top
        story, else the newest), three secondaries, «آخر الأخبار», then a block per section
        of its newest stories not already above. Two queries: which articles go where, then
        the articles themselves."""
        from jarida.news.models.article import ArticlePage

        context = super().get_context(request, *args, **kwargs)
        sections = self.public_sections()
        # Articles and the other page types lists carry (live coverage), in one order.
        published = ArticlePage.objects.listed_as_pages().published()
        chosen = list(self.secondary_stories.values_list("article_id", flat=True))
        latest_ids = list(
            published.newest_first().values_list("pk", flat=True)[: 1 + SECONDARIES + LATEST]
        )
        # More per section than a block shows: stories already above are skipped, and all of
        # those above may come from one busy section.
        per_section = newest_per_section(
            published, sections, SECTION_STORIES + 1 + SECONDARIES + LATEST
        )
        wanted = {*chosen, *latest_ids, *(pk for ids in per_section.values() for pk in ids)}
        if self.top_story_id:
            wanted.add(self.top_story_id)
        found = listed_by_id(wanted)
        latest = [found[pk] for pk in latest_ids if pk in found]
        top = found.get(self.top_story_id) if self.top_story_id else None
        if top is None and latest:
            top = latest[0]
        # The editors' secondaries (published ones), then the newest fill their places.
        picked = [found[pk] for pk in chosen if pk in found and found[pk] is not top]
        rest = [*picked, *(a for a in latest if a is not top and a not in picked)]
        rest = rest[: SECONDARIES + LATEST]
        seen = {a.pk for a in [*([top] if top else []), *rest]}
        blocks = []
        for section in sections:
            stories = [found[pk] for pk in per_section.get(section.path, []) if pk in found]
            stories = [a for a in stories if a.pk not in seen][:SECTION_STORIES]
            seen.update(a.pk for a in stories)
            blocks.append((section, stories))
        for article in found.values():
            article.section = self.section_of(article)  # cards print it: no query
        context["top_story"] = top
        context["secondaries"] = rest[:SECONDARIES]
        context["latest"] = rest[SECONDARIES:]
        # A section with a full row of stories gets a block of its own; the others stand side
        # by side as columns (a small paper, a quiet section), so no row is one card and holes.
        context["sections"] = [(s, a) for s, a in blocks if len(a) >= SECTION_STORIES]
        context["section_columns"] = [(s, a) for s, a in blocks if 0 < len(a) < SECTION_STORIES]
        shown = [found[pk] for pk in found if pk in seen]
        prefetch_renditions(getattr(a, "lead_image", None) for a in shown)
        context["shown_articles"] = shown
        context["last_change"] = max((last_change(a) for a in shown), default=None)
        return context


class FrontPageSecondary(Orderable):
    """One of the stories the editors put beside the lead on the front page."""

    page = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="secondary_stories")
    article = models.ForeignKey(
        "news.ArticlePage", on_delete=models.CASCADE, related_name="+", verbose_name="الخبر"
    )

    panels = [PageChooserPanel("article", "news.ArticlePage")]

    class Meta(Orderable.Meta):
        verbose_name = "خبر بارز"
        verbose_name_plural = "أبرز الأخبار"


def site_facts(root: int | str) -> dict[str, RowSQL]:
    """What `HomePage.chrome_of` reads besides the pages, as subqueries about the site whose
    home page is `root` (its id, or SQL naming the outer query's column that holds it): the
    next moments the site changes by itself and the masthead's options. `links.site_root`
    reads them with the site's row, in fixed SQL: as annotations of the chrome's ORM query
    they cost more CPU to build and compile than the rest of that query."""
    from jarida.news.models.options import masthead_options

    return {**visibility_moments(), **masthead_options(root)}


def newest_per_section(
    published: ArticlePageQuerySet, sections: list[SectionPage], count: int
) -> dict[str, list[int]]:
    """The ids of each section's newest `count` published articles, by section path, in one
    query (a window over the `page_parent_newest` order)."""
    if not sections:
        return {}
    from jarida.news.models.querysets import ParentPath

    ranked = (
        published.annotate(
            parent=ParentPath("path"),
            rank=models.Window(
                models.functions.RowNumber(),
                partition_by=[ParentPath("path")],
                order_by=[models.F("first_published_at").desc(), models.F("pk").desc()],
            ),
        )
        .filter(parent__in=[s.path for s in sections], rank__lte=count)
        .order_by("parent", "rank")
        .values_list("parent", "pk")
    )
    chosen: dict[str, list[int]] = {}
    for parent, pk in ranked:
        chosen.setdefault(parent, []).append(pk)
    return chosen


class SectionPage(UnrestrictedUnlessKnown, ArabicSlugMixin, Page):
    description = models.CharField("الوصف", max_length=300, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("description")]
    parent_page_types = ["news.HomePage"]
    # Live coverage (`jarida.live`) sits beside the articles; named here by its label only.
    subpage_types = ["news.ArticlePage", "live.LiveCoveragePage"]

    class Meta:
        verbose_name = "قسم"
        verbose_name_plural = "الأقسام"

    def route(self, request: HttpRequest, path_components: list[str]) -> Any:
        """An article is found in one query with its lead image and what its page shows of
        feature apps (`rows.article_for_page`: what `ArticlePageQuerySet.for_page` reads, in
        fixed SQL), rather than by Wagtail's child lookup followed by `.specific`. A
        taken-down article is found too: it answers 410 Gone."""
        from jarida.news.models.rows import article_for_page

        if len(path_components) != 1:
            return super().route(request, path_components)
        article = article_for_page(self.path, path_components[0])
        if article is None:
            return super().route(request, path_components)
        article.section = self
        article.restricted = article.restricted or bool(self.restricted)
        if article.live or (article.taken_down and article.first_published_at is not None):
            # A taken-down article that readers once saw answers 410 (`ArticlePage.serve`).
            return RouteResult(article)
        raise Http404

    def clean(self) -> None:
        super().clean()
        if self.slug in RESERVED_SLUGS:
            raise ValidationError({"slug": "هذا المعرّف محجوز لصفحات الموقع، اختر غيره."})

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        from jarida.news.models.article import ArticlePage

        context = super().get_context(request, *args, **kwargs)
        articles = ArticlePage.objects.published().in_section(self).for_listing()
        # The count and the page's ids from the `page_parent_newest` index alone (an
        # index-only scan on PostgreSQL, a covering index on SQLite); live coverage pages
        # (`register_listed_type`) among them, read in a query of their own when present.
        ids = ArticlePage.objects.listed_as_pages().published().in_section(self).newest_first()
        page_obj = paginate(request, articles, ids.values_list("pk", flat=True), listed_by_id)
        prefetch_renditions(getattr(a, "lead_image", None) for a in page_obj.object_list)
        for article in page_obj.object_list:
            article.section = self
        context["page_obj"] = page_obj
        context["shown_articles"] = list(page_obj.object_list)
        context["last_change"] = max((last_change(a) for a in page_obj.object_list), default=None)
        return context


class InfoPage(ArabicSlugMixin, Page):
    """A plain page under Home (من نحن، اتصل بنا، سياسة الخصوصية): a title and a body in the
    article's blocks, no section, no byline. Imported WordPress pages become these."""

    body = StreamField(ArticleBodyBlock(), verbose_name="النص", blank=True)

    content_panels = [*Page.content_panels, FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("body")]
    parent_page_types = ["news.HomePage"]
    subpage_types: list[str] = []
    template = "news/info_page.html"
    # Listed in every page's footer (`HomePage.chrome`) unless an editor unticks it.
    show_in_menus_default = True

    class Meta:
        verbose_name = "صفحة ثابتة"
        verbose_name_plural = "صفحات ثابتة"
