"""The API's shapes: what apps read, and what the OpenAPI schema promises them."""

from __future__ import annotations

import datetime as dt

from ninja import Schema
from pydantic import Field


class Error(Schema):
    detail: str


class SectionRef(Schema):
    id: int
    slug: str
    title: str
    url: str


class Section(SectionRef):
    description: str
    rss: str = Field(description="RSS 2.0 feed of the section's newest articles")
    atom: str = Field(description="Atom feed of the section's newest articles")


class AuthorRef(Schema):
    slug: str
    name: str
    url: str


class Author(AuthorRef):
    bio: str


class TagRef(Schema):
    slug: str
    name: str
    url: str


class Image(Schema):
    url: str = Field(description="The photo as uploaded")
    width: int
    height: int
    caption: str
    credit: str = Field(description="Who owns the photo; print it wherever the photo appears")


class Notice(Schema):
    kind: str = Field(description="correction, clarification or update")
    label: str = Field(description="The kind as printed: تصحيح، توضيح، تحديث")
    text: str
    noted_at: dt.datetime | None


class ArticleSummary(Schema):
    id: int
    title: str
    summary: str
    url: str
    short_url: str = Field(description="A link that survives headline and section changes")
    section: SectionRef | None
    authors: list[AuthorRef]
    tags: list[TagRef]
    byline: str
    published_at: dt.datetime = Field(description="First publication, newsroom offset")
    modified_at: dt.datetime = Field(
        description="Last substantive update (typo fixes do not count); else published_at"
    )
    image: Image | None


class Article(ArticleSummary):
    body_html: str = Field(description="The body as the article page renders it, absolute URLs")
    body_text: str = Field(description="The body as plain text, paragraphs split by a blank line")
    notices: list[Notice]


class ArticleList(Schema):
    items: list[ArticleSummary]
    next_cursor: str | None = Field(description="Pass as `cursor` for the next (older) page")
    next: str | None = Field(description="The next page's full URL; null on the last page")


class SearchHit(Schema):
    article: ArticleSummary
    snippet: str = Field(description="Safe HTML; matches wrapped in <mark>")
    score: float


class SearchResults(Schema):
    total: int
    offset: int
    limit: int
    items: list[SearchHit]
    partial: bool = Field(False, description="Some items match only some of the words")
    suggestion: str | None = Field(None, description="«هل تقصد»: a corrected query to offer")
