from django.apps import AppConfig


class LiveConfig(AppConfig):
    name = "jarida.live"
    label = "live"
    verbose_name = "التغطية المباشرة"

    def ready(self) -> None:
        from jarida.distribution.feeds import register_feed_source
        from jarida.distribution.sitemaps import register_news_source
        from jarida.live import cache_rules  # noqa: F401  (the purge rules' receivers)
        from jarida.live.feeds import feed_addition
        from jarida.live.models import running_coverage

        # Google News lists a live page for as long as it runs; the site's and sections'
        # feeds carry the newest live pages and their key events.
        register_news_source(running_coverage)
        register_feed_source(feed_addition)
