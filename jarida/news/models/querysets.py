"""What readers may see, and how lists of it are read.

`ArticlePageQuerySet.published()` is the one definition of "a reader may see this"; home,
section, tag, author and archive lists, related articles, feeds, sitemaps, search and the
API all start from it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.core.paginator import Page as PaginatorPage
from django.db import models
from django.db.models.functions import Coalesce
from django.db.models.lookups import Exact
from django.http import Http404, HttpRequest
from django.utils import timezone
from wagtail.models import Page, PageManager, PageQuerySet, PageViewRestriction

if TYPE_CHECKING:
    from jarida.news.models.article import ArticlePage

# Columns that feature apps add, in the query's own SQL, to every list of articles (the
# comments app: each card's approved comment count) and to an article's own page (its comment
# settings): each a function giving `RowSQL`s by name, which both the ORM's queries and the
# fixed SQL of `jarida.news.models.rows` read. Registered in their AppConfig.ready(), so
# `news` imports none of them.
Columns = Callable[[], dict[str, "RowSQL"]]
LISTING_COLUMNS: list[Columns] = []
PAGE_COLUMNS: list[Columns] = []
# Page types other than the article that the home and section lists carry as cards (the live
# app's coverage pages), registered in their AppConfig.ready() so `news` imports none of
# them. Each model's manager has `published()`; its pages have no lead photo.
LISTED_TYPES: list[type[Page]] = []


def register_listing_columns(columns: Columns) -> Columns:
    """Add `columns()` to what `for_listing()` (and so `for_page()`) asks for."""
    if columns not in LISTING_COLUMNS:
        LISTING_COLUMNS.append(columns)
    return columns


def listing_columns() -> dict[str, RowSQL]:
    """What feature apps show on a card, by name (`register_listing_columns`)."""
    return {name: sql for columns in LISTING_COLUMNS for name, sql in columns().items()}


def register_listed_type(model: type[Page]) -> type[Page]:
    """Let the home and section lists carry `model`'s pages beside articles, newest first."""
    if model not in LISTED_TYPES:
        LISTED_TYPES.append(model)
    return model


def listed_by_id(ids: Iterable[int]) -> dict[int, Any]:
    """The cards a list shows, by id: articles in one query (fixed SQL: `rows.cards_by_id`),
    and a query per other listed type only when some ids were not articles (most lists pay
    nothing for them)."""
    from jarida.news.models.rows import cards_by_id

    wanted = set(ids)
    found: dict[int, Any] = cards_by_id(wanted)
    for model in LISTED_TYPES:
        missing = wanted - found.keys()
        if not missing:
            break
        found |= model.objects.published().filter(pk__in=missing).in_bulk()
    return found


def register_page_columns(columns: Columns) -> Columns:
    """Add `columns()` to what `for_page()` asks for: what an article's page shows of a
    feature app."""
    if columns not in PAGE_COLUMNS:
        PAGE_COLUMNS.append(columns)
    return columns


def page_columns() -> dict[str, RowSQL]:
    """What an article's own page reads besides its fields, by name: whether it has a view
    restriction of its own, is under an active takedown, or has notices (so none costs a
    query of its own), and what its cards and its page show of feature apps."""
    return {
        "restricted": under_view_restriction(),
        "taken_down": under_takedown(),
        "has_notices": has_notices(),
        **listing_columns(),
        **{name: sql for columns in PAGE_COLUMNS for name, sql in columns().items()},
    }


# The output fields of the `RowSQL`s below, made once and shared, as Django's own expressions
# share theirs (`Exists.output_field`): a field made for each expression on each request cost
# a cold page more than writing the expression's SQL.
BOOLEAN = models.BooleanField()
MOMENT = models.DateTimeField()
INTEGER = models.IntegerField()
TEXT = models.CharField()


class RowSQL(models.Expression):
    """A fixed piece of SQL about one column of the row (`{column}` in `sql`; or about no
    row, with `column=None`), over tables named by their models (`{name}` for each of
    `tables`), with its own `params` (datetimes adapted by the backend, as the ORM does).

    Why not the ORM's `Exists`/`Subquery` with an `OuterRef`: every public query carries a
    few of these (view restrictions, takedowns, notices, comment counts), and the ORM builds
    and compiles each one as a whole query of its own, joins and all, for every request:
    about a millisecond of CPU each, a third of a cold article page's query work. Written
    once as SQL, compiling one costs the column alone. The column is an ordinary
    expression, so it is relabelled like any other when the query becomes a subquery; the
    inner tables get aliases of their own (`jarida_*`). The SQL must read the same on
    PostgreSQL and SQLite (the tests run on both).
    """

    def __init__(
        self,
        column: str | None,
        sql: str,
        *,
        tables: dict[str, type[models.Model]],
        output_field: models.Field[Any, Any],
        params: tuple[Any, ...] = (),
        columns: dict[str, str] | None = None,
    ) -> None:
        super().__init__(output_field=output_field)
        # `{column}`, and any other columns of the row by name (`columns`: placeholder to
        # field), in the order `sql` reads them (their parameters, if any, go in that order).
        named = {"column": column} if column is not None else {}
        self.names = [*named, *(columns or {})]
        self.fields = [*{**named, **(columns or {})}.values()]
        self.columns: list[Any] = [models.F(f) for f in self.fields]
        self.sql = sql
        self.tables = tables
        self.params = params

    def get_source_expressions(self) -> list[Any]:
        return list(self.columns)

    def set_source_expressions(self, exprs: list[Any]) -> None:
        self.columns = list(exprs)

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, tuple[Any, ...]]:
        columns: dict[str, str] = {}
        column_params: tuple[Any, ...] = ()
        for name, column in zip(self.names, self.columns, strict=True):
            columns[name], more = compiler.compile(column)
            column_params = (*column_params, *more)
        return (
            self.sql.format(**columns, **self.table_names(connection)),
            (*column_params, *self.adapted_params(connection)),
        )

    def fixed(self, connection: Any, column: Callable[[str], str]) -> tuple[str, tuple[Any, ...]]:
        """The SQL for a query written by hand (`jarida.news.models.rows`): `column(field)`
        gives the SQL of the row's column for each field this reads."""
        columns = {name: column(field) for name, field in zip(self.names, self.fields, strict=True)}
        return (
            self.sql.format(**columns, **self.table_names(connection)),
            self.adapted_params(connection),
        )

    def table_names(self, connection: Any) -> dict[str, str]:
        return {
            name: connection.ops.quote_name(model._meta.db_table)
            for name, model in self.tables.items()
        }

    def adapted_params(self, connection: Any) -> tuple[Any, ...]:
        """The parameters, datetimes adapted by the backend as the ORM adapts them."""
        return tuple(
            connection.ops.adapt_datetimefield_value(value)
            if isinstance(value, dt.datetime)
            else value
            for value in self.params
        )


# True for a page (its tree `{path}`) at or below a page under a view restriction: the
# restricted page's path is the start of this page's path (see `under_view_restriction`).
UNDER_VIEW_RESTRICTION = (
    "(EXISTS (SELECT 1 FROM {restriction})"
    " AND EXISTS (SELECT 1 FROM {restriction} jarida_vr"
    " INNER JOIN {page} jarida_vr_page ON jarida_vr.page_id = jarida_vr_page.id"
    " WHERE jarida_vr_page.path = SUBSTR({path}, 1, LENGTH(jarida_vr_page.path))))"
)
# True for a page (its `{pk}`) under an active takedown (see `under_takedown`).
UNDER_TAKEDOWN = (
    "({pk} IN (SELECT jarida_td.article_id FROM {takedown} jarida_td"
    " WHERE jarida_td.lifted_at IS NULL))"
)


def under_view_restriction() -> RowSQL:
    """True for a page at or below a page under a view restriction, in SQL: a subquery on a
    table that is almost always empty, so no list pays a query of its own to learn that.

    The per-row test is guarded by one that runs once per query (is there any restriction
    at all?): with the table empty, no row pays for the correlated subquery, whatever plan
    the database picks. (PostgreSQL, planning a growing import with stale statistics, once
    chose to scan the page table per row for it: seconds per query.)"""
    return RowSQL(
        None,
        UNDER_VIEW_RESTRICTION,
        columns={"path": "path"},
        tables={"restriction": PageViewRestriction, "page": Page},
        output_field=BOOLEAN,
    )


def under_takedown() -> RowSQL:
    """True for a page under an active takedown. An IN over the takedowns rather than an
    EXISTS: takedowns are few, so PostgreSQL hashes them once and checks each row as it is
    read, which keeps an index scan's order (a section's list reads one index, in order)
    instead of an anti-join probe per row."""
    from jarida.news.models.publication import Takedown

    return RowSQL(
        None,
        UNDER_TAKEDOWN,
        columns={"pk": "pk"},
        tables={"takedown": Takedown},
        output_field=BOOLEAN,
    )


def published_rows() -> RowSQL:
    """`published()`'s condition as one expression: live, not past its expiry, not under an
    active takedown, not under a view restriction. The same SQL as the four conditions the
    ORM would build (`live=True`, the expiry's Q, `~under_takedown()`,
    `~under_view_restriction()`), written once: on a cold page the ORM spent more CPU
    resolving, negating and compiling those four for each list than the database spent
    running them."""
    from jarida.news.models.publication import Takedown

    return RowSQL(
        None,
        "({live} AND ({expire_at} IS NULL OR {expire_at} > %s)"
        f" AND NOT {UNDER_TAKEDOWN} AND NOT {UNDER_VIEW_RESTRICTION})",
        columns={"live": "live", "expire_at": "expire_at", "pk": "pk", "path": "path"},
        tables={"takedown": Takedown, "restriction": PageViewRestriction, "page": Page},
        params=(timezone.now(),),
        output_field=BOOLEAN,
    )


def has_notices() -> RowSQL:
    """True for an article with correction, clarification or update notices."""
    from jarida.news.models.publication import CorrectionNotice

    return RowSQL(
        "pk",
        "EXISTS (SELECT 1 FROM {notice} jarida_cn WHERE jarida_cn.article_id = {column})",
        tables={"notice": CorrectionNotice},
        output_field=BOOLEAN,
    )


def authors_prefetch() -> models.Prefetch:
    """An article's author links with their authors, in one query for a whole list."""
    from jarida.news.models.people import ArticleAuthor

    return models.Prefetch(
        "article_authors", queryset=ArticleAuthor.objects.select_related("author")
    )


def visibility_moments() -> dict[str, RowSQL]:
    """The next moments the site changes with no publish to announce it, as subqueries to
    annotate any query with: the next expiry of a published article, and the end of the
    first breaking window still open."""
    from jarida.news.models.article import ArticlePage

    # Live pages rather than `published()`: a taken-down page is not live, and a moment
    # too early (a restricted page's) only ends a stored page a little sooner.
    now = timezone.now()
    moment = MOMENT
    return {
        "next_expiry": RowSQL(
            None,
            "(SELECT MIN(jarida_ex.expire_at) FROM {page} jarida_ex"
            " WHERE jarida_ex.live AND jarida_ex.expire_at > %s)",
            tables={"page": Page},
            params=(now,),
            output_field=moment,
        ),
        "breaking_end": RowSQL(
            None,
            "(SELECT MIN(jarida_br.breaking_until) FROM {article} jarida_br"
            " INNER JOIN {page} jarida_br_page ON jarida_br.page_ptr_id = jarida_br_page.id"
            " WHERE jarida_br_page.live AND jarida_br.is_breaking"
            " AND jarida_br.breaking_until > %s)",
            tables={"article": ArticlePage, "page": Page},
            params=(now,),
            output_field=moment,
        ),
    }


class ParentPath(models.Func):
    """A page's parent's tree path: its own path less its last step.

    The text must be exactly that of the `page_parent_newest` index (news migration 0004),
    numbers inline: planners match an indexed expression by its text, and SQLite never
    matches a bound parameter against a number in an index.
    """

    template = f"SUBSTR(%(expressions)s, 1, LENGTH(%(expressions)s) - {Page.steplen})"
    output_field = models.CharField()


# What a card (`news/includes/article_card.html`) and the views around it read of an article:
# its link (`links.url_of`: the tree path; Wagtail's URL needs the path and depth), its
# section (`HomePage.section_of`: the tree path), headline, summary, dates (`last_change`),
# lead image. A field left out is read with a query of its own per card when something reads
# it (the query-count tests would show it).
CARD_FIELDS = (
    "id",
    "path",
    "depth",
    "url_path",
    "title",
    "slug",
    "live",
    "content_type",
    "first_published_at",
    "updated_at",
    "summary",
    "lead_image",
)


class ArticlePageQuerySet(PageQuerySet):
    def published(self) -> ArticlePageQuerySet:
        """Articles a reader may see. Every public surface starts here.

        Live, under no view restriction, not past their expiry even if the scheduler has not
        yet run (a reader never sees an expired article because a process was late), and not
        under an active takedown.
        """
        return self.filter(published_rows())

    def breaking(self) -> ArticlePageQuerySet:
        """Published articles flagged «عاجل» whose breaking window has not ended."""
        return self.published().filter(is_breaking=True, breaking_until__gt=timezone.now())

    def newest_first(self) -> ArticlePageQuerySet:
        return self.order_by("-first_published_at", "-pk")

    def in_section(self, section: Page) -> ArticlePageQuerySet:
        """Children of `section`: what Wagtail's `child_of` says with LIKE and depth, said as
        one equality that the `page_parent_newest` index answers in `newest_first()` order."""
        return self.in_section_path(section.path)

    def in_section_path(self, path: str) -> ArticlePageQuerySet:
        """Children of the section at tree `path` (see `in_section`)."""
        return self.filter(Exact(ParentPath("path"), path))

    def for_listing(self) -> ArticlePageQuerySet:
        """Everything a reader's card shows (lead image, and what feature apps add, such as
        comment counts) in one query, and not the body: by far the widest column, which no
        card shows."""
        queryset: ArticlePageQuerySet = self.select_related("lead_image").defer("body")
        if columns := listing_columns():
            queryset = queryset.annotate(**columns)
        return queryset

    def for_cards(self) -> ArticlePageQuerySet:
        """`for_listing()` narrowed to the columns a reader's card and a list's view read
        (`CARD_FIELDS`) and the whole lead image: a list's query builds, compiles and fills
        a third of the columns, which on a cold page is most of what reading it costs."""
        return self.for_listing().only(*CARD_FIELDS)

    def for_page(self) -> ArticlePageQuerySet:
        """An article as its own page shows it, in one query: its lead image, what its cards
        show, what feature apps show on its page, and whether it has a view restriction of its
        own, is under an active takedown, or has notices (so none costs a query of its own)."""
        return self.select_related("lead_image").annotate(**page_columns())

    def with_authors(self) -> ArticlePageQuerySet:
        """Authors up front, in one more query, for lists that name them (feeds, the API)."""
        return self.prefetch_related(authors_prefetch())

    def with_last_change(self) -> ArticlePageQuerySet:
        return self.annotate(last_change=Coalesce("updated_at", "first_published_at"))


class ArticlePageManager(PageManager.from_queryset(ArticlePageQuerySet)):  # type: ignore[misc]
    def as_pages(self) -> ArticlePageQuerySet:
        """Articles as rows of wagtailcore_page alone (by content type), with the same
        `published()`, `in_section()` and `newest_first()`: for ids and counts, which then
        read one index instead of probing news_articlepage once per row. Its rows are plain
        `Page`s, so nothing here (`for_listing()`, article fields) is for rendering."""
        from jarida.news.models.article import ArticlePage

        return ArticlePageQuerySet(Page, using=self.db).type(ArticlePage)

    def listed_as_pages(self) -> ArticlePageQuerySet:
        """As `as_pages()`, with the other page types lists carry (`register_listed_type`):
        the ids of a home or section list, articles and live pages in one order."""
        from jarida.news.models.article import ArticlePage

        return ArticlePageQuerySet(Page, using=self.db).type(ArticlePage, *LISTED_TYPES)


class NearerEndPaginator(Paginator):
    """Reads a page in the second half from the end of the list, in reverse, so that the
    offset it skips is never more than half the list: the last page costs what the first
    does. The list's order must be total (end in the primary key), or the two directions
    could cut ties differently."""

    def page(self, number: Any) -> PaginatorPage:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        if bottom <= self.count - top:
            return PaginatorPage(self.object_list[bottom:top], number, self)
        rows = list(self.object_list.reverse()[self.count - top : self.count - bottom])
        return PaginatorPage(rows[::-1], number, self)


def paginate(
    request: HttpRequest,
    queryset: models.QuerySet[Any],
    ids: models.QuerySet[Any] | None = None,
    rows_by_id: Callable[[list[int]], dict[int, Any]] | None = None,
) -> PaginatorPage:
    """Page `?page=N` of `queryset`: junk gives page 1, a number past the last page is a 404
    (a crawler walking `?page=999` must not find an endless run of empty pages).

    A deferred join: the count and the offset are taken over the ids alone (narrow rows, no
    per-row subqueries such as comment counts), then the page's rows are read whole by
    primary key. OFFSET over full rows would sort every article of a section with its body
    and compute each one's comment count, only to drop all but twenty. `ids`, if given, is
    a narrower query for the same primary keys in the same order: a section's come from
    one index (`SectionPage.get_context`), so a deep page costs what page 1 does.
    `rows_by_id`, if given, reads the page's rows instead of `queryset` (a list whose ids
    are of more than one page type: `listed_by_id`).
    """
    if ids is None:
        ids = queryset.values_list("pk", flat=True)
    paginator = NearerEndPaginator(ids, settings.ARTICLES_PER_PAGE)
    try:
        page = paginator.page(request.GET.get("page") or 1)
    except PageNotAnInteger:
        page = paginator.page(1)
    except EmptyPage:
        raise Http404("لا توجد صفحة بهذا الرقم") from None
    wanted = list(page.object_list)
    if rows_by_id is not None:
        rows = rows_by_id(wanted)
    else:
        rows = {row.pk: row for row in queryset.order_by().filter(pk__in=wanted)}
    page.object_list = [rows[pk] for pk in wanted if pk in rows]
    return page


def last_change(article: ArticlePage) -> Any:
    """The last substantive update readers are told about: `updated_at`, else the first
    publication. Never `last_published_at`, which moves for every typo fix."""
    annotated = getattr(article, "last_change", None)
    # A live page in a list has no `updated_at`: its updates are rows of their own.
    return annotated or getattr(article, "updated_at", None) or article.first_published_at
