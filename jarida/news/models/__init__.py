"""The paper's models: pages (Home → Section → Article), the querysets that decide what is
public, body blocks, people (authors, tags), publication state (takedowns, correction
notices) and the newsroom's per-site options."""

from jarida.news.models.article import FONT_SIZES, ArticlePage
from jarida.news.models.blocks import ArticleBodyBlock, BodyImageBlock, QuoteBlock
from jarida.news.models.options import NewsroomSettings
from jarida.news.models.pages import (
    RESERVED_SLUGS,
    ArabicSlugMixin,
    FrontPageSecondary,
    HomePage,
    InfoPage,
    SectionPage,
)
from jarida.news.models.people import ArticleAuthor, ArticleTag, Author, Tag, unique_slug
from jarida.news.models.publication import CorrectionNotice, PublicationRefused, Takedown
from jarida.news.models.querysets import (
    ArticlePageManager,
    ArticlePageQuerySet,
    ParentPath,
    last_change,
    paginate,
    register_listing_columns,
    register_page_columns,
    under_view_restriction,
)
from jarida.news.models.related import RelatedArticle

__all__ = [
    "FONT_SIZES",
    "RESERVED_SLUGS",
    "ArabicSlugMixin",
    "ArticleAuthor",
    "ArticleBodyBlock",
    "ArticlePage",
    "ArticlePageManager",
    "ArticlePageQuerySet",
    "ArticleTag",
    "Author",
    "BodyImageBlock",
    "CorrectionNotice",
    "FrontPageSecondary",
    "HomePage",
    "InfoPage",
    "NewsroomSettings",
    "ParentPath",
    "PublicationRefused",
    "QuoteBlock",
    "RelatedArticle",
    "SectionPage",
    "Tag",
    "Takedown",
    "last_change",
    "paginate",
    "register_listing_columns",
    "register_page_columns",
    "under_view_restriction",
    "unique_slug",
]
