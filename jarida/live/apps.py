from django.apps import AppConfig


class LiveConfig(AppConfig):
    name = "jarida.live"
    label = "live"
    verbose_name = "التغطية المباشرة"

    def ready(self) -> None:
        from jarida.distribution.feeds import register_feed_source
        from jarida.distribution.sitemaps import register_news_source
        from jarida.live import cache_rules  # noqa: F401  (the purge rules' receivers)
        from jarida.live.corrections import SOURCE as live_corrections
        from jarida.live.feeds import feed_addition
        from jarida.live.models import LiveCoveragePage, running_coverage
        from jarida.news.corrections import register_correction_source
        from jarida.news.models.querysets import register_listed_type

        # Google News lists a live page for as long as it runs; the site's and sections'
        # feeds carry the newest live pages and their key events.
        register_news_source(running_coverage)
        register_feed_source(feed_addition)
        # Home and section lists carry live pages as cards beside the articles.
        register_listed_type(LiveCoveragePage)
        # `/corrections/` lists notices on live updates beside the articles' ones.
        register_correction_source(live_corrections)
