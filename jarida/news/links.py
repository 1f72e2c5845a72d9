"""Where a reader finds a page: the request's home page, and page URLs built from it.

Wagtail builds a page's URL from every site's root path, read from the cache (or, with no
cache, the database) once per request; a page under the request's own home page needs none
of that: its URL is its tree path below the home page's.

The request's home page is found by Wagtail's rules for choosing a site (`site_root`), in
fixed SQL rather than `Site.find_for_request`'s ordered CASE over every site joined to its
root page (on a cold page that lookup was about a tenth of the CPU), then read with its
children, which every page's masthead shows (`HomePage.with_chrome`), in one query.
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple

from django.db import connections
from django.http import HttpRequest
from django.http.request import split_domain_port
from wagtail.models import Page, Site

# What Django's `reverse()` leaves unquoted in a path (RFC 3986 sub-delimiters and more).
URL_SAFE = "/~:@!$&'()*+,;="


def home_of(request: HttpRequest | None) -> Any:
    """The request's site home page (specific) with its chrome, as routing found it for the
    request, or found here (two queries, once per request: the site, then the home page and
    its children), or None when the request's site is rooted at another kind of page or
    there is no site for it."""
    from jarida.news.models import HomePage

    if request is None:
        return None
    home = getattr(request, "paper_home", None)
    if home is None:
        root = site_root(request)
        home = HomePage.with_chrome(*root) if root is not None else None
        request.paper_home = home
    return home


class SiteRoot(NamedTuple):
    """A site's root page: its id, tree path and depth, and the site-wide facts the chrome
    shows (`HomePage.chrome_of`), read with them."""

    id: int
    path: str
    depth: int
    facts: dict[str, Any]


def site_root(request: HttpRequest) -> SiteRoot | None:
    """The root page of the site Wagtail's `Site.find_for_request` would choose for the
    request, by the same rules, from the candidate sites' rows: the hostname and port, then
    the hostname on the default site, then the default site unless exactly one other site
    has the hostname, then the one site with the hostname."""
    from jarida.news.models.pages import site_facts

    hostname = split_domain_port(request.get_host())[0]
    port = request.get_port()
    # Fixed SQL: a query this small costs ten times more CPU to build with the ORM than to run.
    connection = connections[Site.objects.db]
    name = connection.ops.quote_name
    hostname_column, port_column, default_column, root_column = (
        name(Site._meta.get_field(field).column)
        for field in ("hostname", "port", "is_default_site", "root_page")
    )
    id_column, path_column, depth_column = (
        name(Page._meta.get_field(field).column) for field in ("id", "path", "depth")
    )
    # The chrome's site-wide facts, as subqueries about each candidate site's root page.
    facts = site_facts(f"jarida_root.{id_column}")
    compiled = [expression.as_sql(None, connection) for expression in facts.values()]
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT jarida_site.{hostname_column}, jarida_site.{port_column},"
            f" jarida_site.{default_column}, jarida_root.{id_column},"
            f" jarida_root.{path_column}, jarida_root.{depth_column}"
            + "".join(f", {sql}" for sql, _params in compiled)
            + f" FROM {name(Site._meta.db_table)} jarida_site"
            f" INNER JOIN {name(Page._meta.db_table)} jarida_root"
            f" ON jarida_root.{id_column} = jarida_site.{root_column}"
            f" WHERE jarida_site.{hostname_column} = %s OR jarida_site.{default_column}",
            [*(param for _sql, params in compiled for param in params), hostname],
        )
        rows = cursor.fetchall()

    def match(row: tuple[Any, ...]) -> int:
        same_host, default = row[0] == hostname, row[2]
        if same_host and str(row[1]) == str(port):
            return 0
        if same_host and default:
            return 1
        return 2 if default else 3

    def root(row: tuple[Any, ...]) -> SiteRoot:
        # Each fact as the ORM would give it (SQLite returns datetimes as text, for one).
        values = {}
        for (fact, expression), value in zip(facts.items(), row[6:], strict=True):
            converters = [
                *connection.ops.get_db_converters(expression),
                *expression.get_db_converters(connection),
            ]
            for convert in converters:
                value = convert(value, expression, connection)
            values[fact] = value
        return SiteRoot(row[3], row[4], row[5], values)

    rows.sort(key=match)
    if not rows:
        return None
    if len(rows) == 1 or match(rows[0]) in (0, 1):
        return root(rows[0])
    if match(rows[0]) == 2:  # the default, unless exactly one site has the hostname
        return root(rows[len(rows) == 2])
    return None  # several sites have the hostname on other ports, and none is the default


def url_of(page: Page, request: HttpRequest | None = None) -> str:
    """`page`'s URL as readers follow it: relative to the request's home page when routing
    or the masthead has found it and the page is under it (no query); else what Wagtail says
    (the sites' root paths, from the cache)."""
    home = getattr(request, "paper_home", None)
    if home is not None and page.url_path.startswith(home.url_path):
        return path_under(home, page.url_path)
    return page.get_url(request=request) or ""


def path_under(home: Page, url_path: str) -> str:
    """The URL readers follow to the page at Wagtail's `url_path` under `home`,
    percent-encoded as `reverse()` and Wagtail encode it."""
    return quote_path("/" + url_path[len(home.url_path) :])


# A run of the bytes `quote(..., safe=URL_SAFE)` encodes: any but ASCII letters, digits,
# `_.-~` and URL_SAFE.
_UNSAFE_RUN = re.compile(rb"[^A-Za-z0-9_.\-~" + re.escape(URL_SAFE.encode()) + rb"]+")


def quote_path(path: str) -> str:
    """`quote(path, safe=URL_SAFE)`, a run of encoded bytes at a time: `quote` makes a call
    for every byte, and an Arabic headline's slug is mostly two-byte letters, so a cold
    page spent more on quoting its dozen links than on building them."""
    return _UNSAFE_RUN.sub(
        lambda run: b"%" + run[0].hex("%").upper().encode(), path.encode()
    ).decode()
