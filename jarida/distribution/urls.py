"""Feeds, sitemaps, robots.txt and the JSON API, all at the site root.

Every response here carries an ETag (and feeds a Last-Modified), and an unchanged one is a
304: feed readers and crawlers poll these URLs all day.
"""

from __future__ import annotations

from django.urls import path, register_converter
from django.views.decorators.http import conditional_page

from jarida.distribution import feeds, sitemaps
from jarida.distribution.api.endpoints import api
from jarida.distribution.api.http import public, wrap_urls

app_name = "distribution"

register_converter(feeds.FeedFormatConverter, "feed_format")

api_patterns, _, api_namespace = api.urls

urlpatterns = [
    path("feeds/<feed_format:fmt>/", conditional_page(feeds.site_feed), name="feed"),
    path(
        "feeds/tags/<str:slug>/<feed_format:fmt>/",
        conditional_page(feeds.tag_feed),
        name="tag_feed",
    ),
    path(
        "feeds/authors/<str:slug>/<feed_format:fmt>/",
        conditional_page(feeds.author_feed),
        name="author_feed",
    ),
    path(
        "feeds/<str:slug>/<feed_format:fmt>/",
        conditional_page(feeds.section_feed),
        name="section_feed",
    ),
    path("sitemap.xml", conditional_page(sitemaps.sitemap_index), name="sitemap_index"),
    path("sitemaps/<slug:section>.xml", conditional_page(sitemaps.sitemap), name="sitemap"),
    path("robots.txt", conditional_page(sitemaps.robots_txt), name="robots_txt"),
    path("api/v1/", (wrap_urls(api_patterns, public), "ninja", api_namespace)),
]
