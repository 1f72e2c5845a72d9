"""Pages read with fixed SQL: the few queries every cold reader page runs (the site's home
page with its sections, an article as its own page shows it, its related block).

Built with the ORM, each of these cost more CPU to build and compile (select_related,
annotations, deferred fields) than to run and read: on a cold article page the ORM's work
for the article's query and the chrome's was a third of the request. Here the SQL is
written from the models' metadata (`_meta`, Django's public model API) on each call, and
its rows become models the way the ORM makes them: `Model.from_db`, after the backend's
and each field's converters (SQLite's datetimes and booleans, the StreamField's blocks).
Conditions and extra columns come as `RowSQL`, whose SQL is written once for both the ORM
and these queries (`RowSQL.fixed`).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from django.db import connections, models
from wagtail.images import get_image_model
from wagtail.models import Page

from jarida.news.models.querysets import (
    CARD_FIELDS,
    RowSQL,
    listing_columns,
    page_columns,
    published_rows,
    under_view_restriction,
)

if TYPE_CHECKING:
    from jarida.news.models.article import ArticlePage

# The lead image's table alias in an article's query.
LEAD_IMAGE = "jarida_lead_image"


class FieldColumn(NamedTuple):
    """A plain field's column, as the converters see it: its output field."""

    output_field: models.Field[Any, Any]

    def get_db_converters(self, connection: Any) -> list[Callable[..., Any]]:
        return list(self.output_field.get_db_converters(connection))


class Select:
    """One SELECT written by hand: the columns of models at table aliases, and of `RowSQL`
    expressions, each read back through the converters the ORM would apply."""

    def __init__(self, using: str) -> None:
        self.db = using
        self.connection = connections[using]
        self.ops = self.connection.ops
        self.columns: list[str] = []
        self.params: list[Any] = []
        # (position, expression, its converters) of each column that has any.
        self.converters: list[tuple[int, Any, list[Callable[..., Any]]]] = []
        self.positions: dict[tuple[str, str], int] = {}

    def quote(self, name: str) -> str:
        return str(self.ops.quote_name(name))

    def table(self, model: type[models.Model]) -> str:
        return self.quote(model._meta.db_table)

    def column(self, alias: str, field: models.Field[Any, Any]) -> str:
        return f"{self.quote(alias)}.{self.quote(field.column)}"

    def field(self, alias: str, field: models.Field[Any, Any]) -> int:
        """Select `field`'s column of the table at `alias` (once), and say where."""
        key = (alias, field.column)
        position = self.positions.get(key)
        if position is None:
            # A relation's column converts as its target's (the ORM's `Col` says so); any
            # other column as its field, which is all the converters read of it.
            column = field.get_col(alias) if field.is_relation else FieldColumn(field)
            position = self.positions[key] = self.add_column(self.column(alias, field), (), column)
        return position

    def expression(self, expression: RowSQL, columns: Callable[[str], str]) -> int:
        """Select a `RowSQL`, its row's columns named by `columns`, and say where."""
        sql, params = expression.fixed(self.connection, columns)
        return self.add_column(sql, params, expression)

    def add_column(self, sql: str, params: Sequence[Any], expression: Any) -> int:
        self.columns.append(sql)
        self.params.extend(params)
        converters = [
            *self.ops.get_db_converters(expression),
            *expression.get_db_converters(self.connection),
        ]
        if converters:
            self.converters.append((len(self.columns) - 1, expression, converters))
        return len(self.columns) - 1

    def rows(self, rest: str, params: Iterable[Any]) -> list[list[Any]]:
        """Run `SELECT <the columns> <rest>` and convert each value as the ORM would."""
        sql = f"SELECT {', '.join(self.columns)} {rest}"
        with self.connection.cursor() as cursor:
            cursor.execute(sql, [*self.params, *params])
            found = cursor.fetchall()
        rows = []
        for row in found:
            values = list(row)
            for position, expression, converters in self.converters:
                for convert in converters:
                    values[position] = convert(values[position], expression, self.connection)
            rows.append(values)
        return rows


class Reader:
    """A model's instances from a `Select`'s rows: its concrete fields (or `only` those
    named) at the aliases of its tables (`aliases`: the model and each of its parents)."""

    def __init__(
        self,
        select: Select,
        model: type[models.Model],
        aliases: dict[type[models.Model], str],
        only: Iterable[str] | None = None,
        parent: Reader | None = None,
    ) -> None:
        self.select = select
        self.model = model
        self.names: list[str]
        self.positions: list[int]
        if parent is not None and only is None and list(model._meta.parents) == [parent.model]:
            # A child of a model read whole from the same row: its parent's fields as read
            # there (they come first, in `from_db`'s order), then its own table's.
            own = model._meta.local_concrete_fields
            self.names = [*parent.names, *(f.attname for f in own)]
            self.positions = [*parent.positions, *(select.field(aliases[model], f) for f in own)]
        else:
            wanted = set(only) if only is not None else None
            fields = [
                f
                for f in model._meta.concrete_fields
                if wanted is None or f.name in wanted or f.attname in wanted or f.primary_key
            ]
            self.names = [f.attname for f in fields]
            self.positions = [
                select.field(aliases[f.model._meta.concrete_model], f) for f in fields
            ]
        self.pk = self.positions[self.names.index(model._meta.pk.attname)]

    def __call__(self, row: list[Any]) -> Any:
        """The instance in `row`, or None where its table's outer join found no row."""
        if row[self.pk] is None:
            return None
        return self.model.from_db(
            self.select.db, self.names, [row[position] for position in self.positions]
        )


def parent_joins(
    select: Select, model: type[models.Model], alias: str
) -> tuple[str, dict[type[models.Model], str]]:
    """`INNER JOIN`s from `model`'s table (at `alias`) to each of its parents' tables (each
    at its own table name), and the alias of every table of the chain."""
    aliases: dict[type[models.Model], str] = {model: alias}
    joins = []
    pending = [model]
    while pending:
        child = pending.pop()
        for parent, link in child._meta.parents.items():
            if link is None or parent in aliases:
                continue
            aliases[parent] = parent._meta.db_table
            joins.append(
                f" INNER JOIN {select.table(parent)}"
                f" ON {select.column(aliases[parent], parent._meta.pk)}"
                f" = {select.column(aliases[child], link)}"
            )
            pending.append(parent)
    return "".join(joins), aliases


def column_namer(
    select: Select, model: type[models.Model], aliases: dict[type[models.Model], str]
) -> Callable[[str], str]:
    """The column SQL of `model`'s field `name` ("pk" for its primary key), for `RowSQL`."""

    def column(name: str) -> str:
        field = model._meta.pk if name == "pk" else model._meta.get_field(name)
        assert isinstance(field, models.Field)
        return select.column(aliases[field.model._meta.concrete_model], field)

    return column


def parent_path_sql(path: str) -> str:
    """A page's parent's tree path from its `path` column's SQL: the text of the
    `page_parent_newest` index (`querysets.ParentPath`)."""
    return f"SUBSTR({path}, 1, LENGTH({path}) - {Page.steplen})"


def article_for_page(section_path: str, slug: str) -> ArticlePage | None:
    """The article with `slug` in the section at tree `section_path`, as its own page shows
    it: what `ArticlePageQuerySet.for_page()` reads (every field, the lead image, and
    `page_columns()`), in one fixed query. Published or not: routing decides."""
    from jarida.news.models.article import ArticlePage

    select = Select(ArticlePage.objects.db)
    joins, aliases = parent_joins(select, ArticlePage, ArticlePage._meta.db_table)
    article = Reader(select, ArticlePage, aliases)
    image_model = get_image_model()
    image = Reader(select, image_model, {image_model: LEAD_IMAGE})
    column = column_namer(select, ArticlePage, aliases)
    extras = {name: select.expression(sql, column) for name, sql in page_columns().items()}
    rows = select.rows(
        f"FROM {select.table(ArticlePage)}{joins}"
        f" LEFT OUTER JOIN {select.table(image_model)} {select.quote(LEAD_IMAGE)}"
        f" ON {select.column(LEAD_IMAGE, image_model._meta.pk)} = {column('lead_image')}"
        f" WHERE {parent_path_sql(column('path'))} = %s AND {column('slug')} = %s LIMIT 1",
        [section_path, slug],
    )
    if not rows:
        return None
    found: ArticlePage = article(rows[0])
    if (lead_image := image(rows[0])) is not None:
        found.lead_image = lead_image
    for name, position in extras.items():
        setattr(found, name, rows[0][position])
    return found


def chrome_pages(
    pk: int, path: str, depth: int, with_facts: bool
) -> tuple[list[Page], dict[str, Any]]:
    """The home page at `pk` (tree `path` and `depth`) and its children, in one fixed query:
    each a HomePage, a SectionPage (whole) or a plain Page as its own table says, with
    `restricted` (whether it is under a view restriction); and (`with_facts`) the site-wide
    facts of the home page (`pages.site_facts`), else an empty dict."""
    from jarida.news.models.pages import HomePage, SectionPage, site_facts

    select = Select(Page.objects.db)
    page_table = Page._meta.db_table
    page = Reader(select, Page, {Page: page_table})
    specific = []
    joins = []
    for model, alias in ((HomePage, "jarida_home"), (SectionPage, "jarida_section")):
        specific.append(Reader(select, model, {model: alias, Page: page_table}, parent=page))
        link = model._meta.pk
        joins.append(
            f" LEFT OUTER JOIN {select.table(model)} {select.quote(alias)}"
            f" ON {select.column(alias, link)} = {select.column(page_table, Page._meta.pk)}"
        )
    column = column_namer(select, Page, {Page: page_table})
    restricted = select.expression(under_view_restriction(), column)
    facts = (
        {name: select.expression(sql, column) for name, sql in site_facts(pk).items()}
        if with_facts
        else {}
    )
    rows = select.rows(
        f"FROM {select.table(Page)}{''.join(joins)}"
        f" WHERE {column('pk')} = %s OR ({column('path')} LIKE %s AND {column('depth')} = %s)",
        [pk, select.connection.ops.prep_for_like_query(path) + "%", depth + 1],
    )
    pages = []
    for row in rows:
        found: Any = next((made for read in specific if (made := read(row)) is not None), None)
        found = found or page(row)
        found.restricted = row[restricted]
        pages.append(found)
    return pages, {name: rows[0][position] for name, position in facts.items()} if rows else {}


def related_cards(article_pk: int) -> list[ArticlePage]:
    """The published targets of the article's related links, each with what its card shows
    and its link's `related_order`: `published().filter(related_from__article_id=...)
    .for_cards()` in one fixed query, in no particular order."""
    from jarida.news.models.related import RelatedArticle

    link = "jarida_link"
    field = RelatedArticle._meta.get_field
    return published_cards(
        lambda select, column: (
            f"FROM {select.table(RelatedArticle)} {select.quote(link)}"
            f" INNER JOIN {{article}} ON {column('pk')} = {select.column(link, field('target'))}",
            f"{select.column(link, field('article'))} = %s",
            [article_pk],
            {"related_order": select.field(link, field("sort_order"))},
        )
    )


def cards_by_id(ids: Collection[int]) -> dict[int, ArticlePage]:
    """The published articles among `ids`, each with what its card shows, by id:
    `published().filter(pk__in=ids).for_cards().in_bulk()` in one fixed query."""
    if not ids:
        return {}
    found = published_cards(
        lambda select, column: (
            "FROM {article}",
            f"{column('pk')} IN ({', '.join(['%s'] * len(ids))})",
            list(ids),
            {},
        )
    )
    return {card.pk: card for card in found}


# What a caller of `published_cards` adds, given the query and the article's column namer:
# the FROM clause (`{article}` where the article's table goes), its own condition, that
# condition's parameters, and columns of its own to set on each card (name: position).
CardQuery = Callable[[Select, Callable[[str], str]], tuple[str, str, list[Any], dict[str, int]]]


def published_cards(query: CardQuery) -> list[ArticlePage]:
    """Published articles as cards read them (`CARD_FIELDS`, the lead image, and
    `listing_columns()`): what `ArticlePageQuerySet.published().for_cards()` reads, in one
    fixed query, in no particular order; `query` says which."""
    from jarida.news.models.article import ArticlePage

    select = Select(ArticlePage.objects.db)
    joins, aliases = parent_joins(select, ArticlePage, ArticlePage._meta.db_table)
    article = Reader(select, ArticlePage, aliases, only=CARD_FIELDS)
    image_model = get_image_model()
    image = Reader(select, image_model, {image_model: LEAD_IMAGE})
    column = column_namer(select, ArticlePage, aliases)
    extras = {name: select.expression(sql, column) for name, sql in listing_columns().items()}
    source, condition, params, own = query(select, column)
    extras.update(own)
    published, published_params = published_rows().fixed(select.connection, column)
    rows = select.rows(
        source.format(article=select.table(ArticlePage))
        + joins
        + f" LEFT OUTER JOIN {select.table(image_model)} {select.quote(LEAD_IMAGE)}"
        f" ON {select.column(LEAD_IMAGE, image_model._meta.pk)} = {column('lead_image')}"
        f" WHERE {condition} AND {published}",
        [*params, *published_params],
    )
    found = []
    for row in rows:
        card: ArticlePage = article(row)
        if (lead_image := image(row)) is not None:
            card.lead_image = lead_image
        for name, position in extras.items():
            setattr(card, name, row[position])
        found.append(card)
    return found
