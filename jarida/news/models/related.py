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

from typing import TYPE_CHECKING, Any

from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import PageChooserPanel
from wagtail.models import Orderable, Page

if TYPE_CHECKING:
    from jarida.news.models.article import ArticlePage

RELATED_COUNT = 4


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


def fill_related(article: ArticlePage) -> None:
    """Before `article` is saved as published: keep the editors' picks, and choose the rest
    of its block again (the rows are saved with the page)."""
    picked = [link for link in article.related_links.all() if not link.automatic]
    tag_ids = [tag.pk for tag in article.tags.all() if tag.pk is not None]
    taken = {link.target_id for link in picked}
    chosen = [pk for pk in choose_related(article, tag_ids) if pk not in taken]
    room = max(0, RELATED_COUNT - len(picked))
    links = [*picked, *(RelatedArticle(target_id=pk, automatic=True) for pk in chosen[:room])]
    for order, link in enumerate(links):
        link.sort_order = order
    article.related_links = links


def related_for_page(article: ArticlePage) -> list[Any]:
    """The block as readers see it: the kept choice, through `published()`, in its order,
    each with what its card shows, in one query."""
    from jarida.news.models.article import ArticlePage

    return list(
        ArticlePage.objects.published()
        .filter(related_from__article_id=article.pk)
        .annotate(related_order=models.F("related_from__sort_order"))
        .order_by("related_order", "-first_published_at")
        .for_listing()
    )
