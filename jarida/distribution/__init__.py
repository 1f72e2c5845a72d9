"""Distribution: how published articles travel beyond the site's own pages.

RSS and Atom feeds (`feeds`), sitemaps with Google News and robots.txt (`sitemaps`), page
metadata and JSON-LD (`metadata`, `structured_data`, `{% page_meta %}`), and the JSON API
(`api`). Each starts from `ArticlePage.objects.published()`, so none can show what a reader
may not see; `conf` holds every setting they read.
"""
