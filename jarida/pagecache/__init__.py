"""A generic page cache for anonymous readers, with cache tags and durable purges.

It imports nothing from the rest of Jarida: views mark a response as storable with
`tag_response(response, tags, until=...)`, changes call `purge(tags)`, and which tags a
page carries and which changes purge them is the application's business (for the paper:
`jarida.news.cache_rules`).

- `middleware.PageCacheMiddleware` answers anonymous GETs from the cache (ETag/304, gzip
  kept once, `Cache-Control` for browsers and CDNs, stale pages while the database is down).
- `tags` keeps a version per tag in the cache; a stored page remembers its tags' versions and
  is fresh while none has moved. A purge is recorded in the database in the transaction of
  the change (`models.Purge`), then applied to the cache after the commit: a purge that
  cannot reach the cache, or that a cache restored from old saved data has lost, is applied
  again before the cache is read (`tags.replay`).
- `failsafe.FailSafeCache` makes a cache that is down or frozen a cache miss, logged once.
- `cdn` purges a CDN or Varnish in front through Wagtail's frontend cache backends.
"""
