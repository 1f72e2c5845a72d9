"""«أخبار ذات صلة»: the earlier coverage shown under an article, chosen when it is published.

Editors may pick related articles in the editor; when an article is published, the rest of
its four are chosen from what was published before it: those sharing the most tags, then the
newest of its section. The choice is kept with the article (`RelatedArticle` rows), so:

- a render reads the block in one query and never ranks the archive;
- a new article changes no other article's page (it is nobody's earlier coverage), and
  which pages show an article is a query (`related_from`), so a change to it purges exactly
  those pages, in the page cache and on the CDN;
- readers see the choice through `published()`: an article taken down or unpublished leaves
  every block at once.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any

from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import PageChooserPanel
from wagtail.models import Orderable, Page

if TYPE_CHECKING:
    from jarida.news.models.article import ArticlePage

RELATED_COUNT = 4
EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
# Set while a caller that chooses many new articles' blocks at once (`choose_related_batch`)
# saves them: their saves leave the block to it (`held_back`).
_held_back: ContextVar[bool] = ContextVar("related_held_back", default=False)


class RelatedArticle(Orderable):
    article = ParentalKey(
        "news.ArticlePage", on_delete=models.CASCADE, related_name="related_links"
    )
    target = models.ForeignKey(
        "news.ArticlePage",
        on_delete=models.CASCADE,
        related_name="related_from",
        verbose_name="الخبر",
    )
    # Chosen at publication rather than by an editor: chosen again at every publication.
    automatic = models.BooleanField("مختار تلقائياً", default=False, editable=False)

    panels = [PageChooserPanel("target", "news.ArticlePage")]

    class Meta(Orderable.Meta):
        verbose_name = "خبر ذو صلة"
        verbose_name_plural = "أخبار ذات صلة"
        constraints = [
            models.UniqueConstraint(fields=["article", "target"], name="related_once"),
        ]

    def __str__(self) -> str:
        return f"{self.article_id} → {self.target_id}"


def choose_related(
    article: ArticlePage, tag_ids: list[int], limit: int = RELATED_COUNT
) -> list[int]:
    """Ids of published articles from before `article` for its block: those sharing the most
    of `tag_ids`, newest first, then the newest of its section. One query: the best few
    candidates of each kind, ranked together."""
    from jarida.news.models.article import ArticlePage
    from jarida.news.models.people import ArticleTag

    if article.first_published_at is None:
        return []
    earlier = (
        ArticlePage.objects.published()
        .exclude(pk=article.pk)
        .filter(first_published_at__lt=article.first_published_at)
    )
    candidates = models.Q(pk__in=[])
    if tag_ids:
        by_tags = (
            earlier.filter(tagged_items__tag_id__in=tag_ids)
            .annotate(shared=models.Count("tagged_items"))
            .order_by("-shared", "-first_published_at", "-pk")
            .values("pk")[:limit]
        )
        candidates |= models.Q(pk__in=by_tags)
    if article.depth > 1:
        section_path = article.path[: -Page.steplen]
        newest = earlier.in_section_path(section_path).newest_first().values("pk")[:limit]
        candidates |= models.Q(pk__in=newest)
    shared = (
        ArticleTag.objects.filter(content_object_id=models.OuterRef("pk"), tag_id__in=tag_ids)
        .order_by()
        .values("content_object_id")
        .annotate(n=models.Count("pk"))
        .values("n")
    )
    ranked = (
        earlier.filter(candidates)
        .annotate(shared=models.functions.Coalesce(models.Subquery(shared), 0))
        .order_by("-shared", "-first_published_at", "-pk")
        .values_list("pk", flat=True)[:limit]
    )
    return list(ranked)


def choose_related_batch(
    articles: Sequence[tuple[ArticlePage, list[int]]], limit: int = RELATED_COUNT
) -> list[list[int]]:
    """`choose_related(article, tag_ids)` for each pair, from the same data, in two queries
    for the lot rather than one each: the tags (among all the batch's) of every published
    article from before the batch's newest, and the articles of each section the batch
    publishes into from its oldest on (with the `limit` newest before that). Ranked here as
    `choose_related` ranks them (tests compare the two)."""
    from jarida.news.models.article import ArticlePage
    from jarida.news.models.people import ArticleTag

    dated = [(a, tags) for a, tags in articles if a.first_published_at is not None]
    if not dated:
        return [[] for _ in articles]
    newest = max(a.first_published_at for a, _ in dated)
    earlier = ArticlePage.objects.published().filter(first_published_at__lt=newest)

    # Candidates that share a tag: their tags among the batch's, and their dates.
    all_tags = {tag for _, tags in dated for tag in tags}
    tags_of: dict[int, set[int]] = defaultdict(set)
    date_of: dict[int, Any] = {}
    if all_tags:
        rows = ArticleTag.objects.filter(
            tag_id__in=all_tags, content_object_id__in=earlier.values("pk")
        ).values_list("content_object_id", "tag_id", "content_object__first_published_at")
        for pk, tag, date in rows:
            tags_of[pk].add(tag)
            date_of[pk] = date

    # The sections' newest: what each section holds from its oldest batch article on, and
    # the `limit` newest before that (enough for any of its articles' newest `limit`).
    sections: dict[str, list[Any]] = defaultdict(list)
    for article, _ in dated:
        if article.depth > 1:
            sections[article.path[: -Page.steplen]].append(article.first_published_at)
    in_section: dict[str, list[tuple[Any, int]]] = defaultdict(list)
    if sections:
        wanted = models.Q(pk__in=[])
        for path, dates in sections.items():
            oldest = min(dates)
            before = earlier.in_section_path(path).filter(first_published_at__lt=oldest)
            wanted |= models.Q(pk__in=before.newest_first().values("pk")[:limit])
            wanted |= models.Q(first_published_at__gte=oldest) & models.Q(
                pk__in=earlier.in_section_path(path).values("pk")
            )
        for pk, date, path in earlier.filter(wanted).values_list(
            "pk", "first_published_at", "path"
        ):
            in_section[path[: -Page.steplen]].append((date, pk))
            date_of[pk] = date
        for found in in_section.values():
            found.sort(reverse=True)

    chosen: list[list[int]] = []
    for article, tag_ids in articles:
        if article.first_published_at is None:
            chosen.append([])
            continue
        moment, own, wanted_tags = article.first_published_at, article.pk, set(tag_ids)

        def shared(pk: int, wanted_tags: set[int] = wanted_tags) -> int:
            return len(tags_of.get(pk, set()) & wanted_tags)

        def rank(pk: int, shared: Any = shared) -> tuple[int, Any, int]:
            return (shared(pk), date_of[pk], pk)

        candidates: set[int] = set()
        if wanted_tags:
            by_tags = [
                pk for pk in tags_of if pk != own and date_of[pk] < moment and shared(pk) > 0
            ]
            candidates.update(sorted(by_tags, key=rank, reverse=True)[:limit])
        if article.depth > 1:
            newest_first = (
                pk
                for date, pk in in_section.get(article.path[: -Page.steplen], [])
                if pk != own and date < moment
            )
            candidates.update(pk for _, pk in zip(range(limit), newest_first, strict=False))
        chosen.append(sorted(candidates, key=rank, reverse=True)[:limit])
    return chosen


@contextmanager
def held_back() -> Iterator[None]:
    """Publishing saves inside leave the block alone: for a caller that fills the blocks of
    many new articles at once afterwards (`choose_related_batch`, `fill_related(chosen=)`)."""
    token = _held_back.set(True)
    try:
        yield
    finally:
        _held_back.reset(token)


def fill_related(article: ArticlePage, chosen: list[int] | None = None) -> None:
    """Before `article` is saved as published: keep the editors' picks, and choose the rest
    of its block again (the rows are saved with the page). `chosen`: the choice, made
    already for a batch of articles (`choose_related_batch`)."""
    if chosen is None and _held_back.get():
        return
    picked = [link for link in article.related_links.all() if not link.automatic]
    taken = {link.target_id for link in picked}
    if chosen is None:
        tag_ids = [tag.pk for tag in article.tags.all() if tag.pk is not None]
        chosen = choose_related(article, tag_ids)
    chosen = [pk for pk in chosen if pk not in taken]
    room = max(0, RELATED_COUNT - len(picked))
    links = [*picked, *(RelatedArticle(target_id=pk, automatic=True) for pk in chosen[:room])]
    for order, link in enumerate(links):
        link.sort_order = order
    article.related_links = links


def related_for_page(article: ArticlePage) -> list[Any]:
    """The block as readers see it: the kept choice, through `published()`, in its order,
    each with what its card shows, in one query (fixed SQL: `rows.related_cards`)."""
    from jarida.news.models.rows import related_cards

    # Put in order here rather than by the query, which has four rows at most.
    found = related_cards(article.pk)
    # Newest first within one position (a stable sort keeps that under the second).
    found.sort(key=lambda item: item.first_published_at or EPOCH, reverse=True)
    found.sort(key=lambda item: item.related_order or 0)
    return found
