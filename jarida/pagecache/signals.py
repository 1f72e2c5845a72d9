"""What each change makes stale: the purge rules, in one place.

An article changes (published, updated, unpublished, taken down, expired, moved, deleted):
its own page, its section, the home page, the tag, author, date-archive and corrections
lists, the feeds, the sitemaps and the API. A breaking article also changes the «عاجل» strip
on every page: every page is re-rendered, from fragments that stay. Sections, authors and
site settings, which every page's masthead or byline shows, change every page and fragment.
A comment approved or removed, or comments opened or closed, change its article's page; an
edited lead photo (credit, caption, file), the articles it leads.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from jarida.comments.models import ArticleCommentSettings
from jarida.comments.signals import comments_changed as comments_changed_signal
from jarida.images.models import NewsImage
from jarida.news.models import ArticlePage, Author, HomePage, SectionPage
from jarida.newsroom.models import NewsroomSettings
from jarida.pagecache import frontend
from jarida.pagecache.tags import ALL, PAGES, purge

# "articles": fragments that depend on the set of published articles (the masthead's last
# update, the breaking strip, the home page's digests). A related list is tagged with what
# can change it alone (`ArticlePage.related_choice`), and "tag:<id>" for each of an
# article's tags reaches the lists of the articles sharing one.
LISTS = (
    "home",
    "tags",
    "authors",
    "archive",
    "corrections",
    "feeds",
    "sitemaps",
    "api",
    "search",
    "articles",
)


def article_tags(article: ArticlePage) -> set[str]:
    tags = {f"article:{article.pk}", *LISTS}
    # Its tags: the related lists of articles sharing one may now show it.
    tags.update(f"tag:{item.tag_id}" for item in article.tagged_items.all())
    if article.is_breaking or article.breaking_until is not None:
        # The strip is on every page; the fragments pages are built from do not show it
        # (but the masthead's, tagged "articles").
        tags.add(PAGES)
    parent_id = article.get_parent().pk if article.depth > 1 else None
    if parent_id:
        tags.add(f"section:{parent_id}")
    return tags


def purge_article(article: ArticlePage) -> None:
    purge(article_tags(article))
    frontend.purge_article(article)


@receiver(page_published, sender=ArticlePage)
@receiver(page_unpublished, sender=ArticlePage)
def article_changed(sender: type, instance: ArticlePage, **kwargs: Any) -> None:
    purge_article(instance)


@receiver(post_delete, sender=ArticlePage)
def article_deleted(sender: type, instance: ArticlePage, **kwargs: Any) -> None:
    purge({f"article:{instance.pk}", ALL})


@receiver(page_published, sender=SectionPage)
@receiver(page_unpublished, sender=SectionPage)
@receiver(page_published, sender=HomePage)
@receiver(post_delete, sender=SectionPage)
@receiver(post_save, sender=Site)
@receiver(post_delete, sender=Site)
def site_chrome_changed(sender: type, **kwargs: Any) -> None:
    # Every page and fragment, including each host's cached site and home page
    # (`middleware.cached_site`).
    purge({ALL})
    frontend.purge_everything()


@receiver(post_save, sender=Author)
@receiver(post_save, sender=NewsroomSettings)
def shown_everywhere_changed(sender: type, created: bool = False, **kwargs: Any) -> None:
    # A new author is on no page yet; new site settings hold the defaults pages already show
    # (they are created on the first page view that reads them).
    if not created:
        site_chrome_changed(sender)


@receiver(post_page_move)
def article_moved(
    sender: type,
    instance: Any,
    parent_page_before: Any = None,
    parent_page_after: Any = None,
    **kwargs: Any,
) -> None:
    """A moved article leaves one section's list and joins another's; a moved section
    changes every page's navigation and its articles' URLs."""
    if isinstance(instance, SectionPage) or instance.specific_class is SectionPage:
        site_chrome_changed(sender)
        return
    purge(
        {
            f"section:{parent_page_before.pk}",
            f"section:{parent_page_after.pk}",
            f"article:{instance.pk}",
            *LISTS,
        }
    )


def comments_changed(sender: type, article: ArticlePage, **kwargs: Any) -> None:
    purge({f"article:{article.pk}", "api"})
    frontend.purge_urls([article.full_url] if article.full_url else [])


comments_changed_signal.connect(comments_changed)


# What Wagtail saves on an image by itself, the first time it needs them: nothing shown.
BOOKKEEPING_IMAGE_FIELDS = frozenset({"file_size", "file_hash"})


@receiver(post_save, sender=NewsImage)
def lead_image_changed(
    sender: type,
    instance: NewsImage,
    created: bool = False,
    update_fields: frozenset[str] | None = None,
    **kwargs: Any,
) -> None:
    """A photo's credit, caption or file edited: the articles it leads show them. (A photo
    in an article's body is found by no query; those pages catch up within their time limit.)"""
    if created or (update_fields and update_fields <= BOOKKEEPING_IMAGE_FIELDS):
        return
    for article in ArticlePage.objects.live().filter(lead_image=instance):
        purge_article(article)


@receiver(post_save, sender=ArticleCommentSettings)
@receiver(post_delete, sender=ArticleCommentSettings)
def comment_settings_changed(sender: type, instance: ArticleCommentSettings, **kwargs: Any) -> None:
    """Comments opened or closed on an article: its page says which."""
    article = ArticlePage.objects.filter(pk=instance.article_id).first()
    if article is None:  # deleted with its article, which purged itself
        return
    comments_changed(sender, article=article)
