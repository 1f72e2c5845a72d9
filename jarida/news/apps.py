from django.apps import AppConfig
from django.db.backends.signals import connection_created


class NewsConfig(AppConfig):
    name = "jarida.news"
    label = "news"
    verbose_name = "الأخبار"

    def ready(self) -> None:
        from jarida.database import use_fast_arrays
        from jarida.news import cache_rules  # noqa: F401  (the purge rules' receivers)

        # Every PostgreSQL connection writes bulk-inserted revisions without psycopg's slow
        # array escaping (`jarida.database`); the first app to load connects it.
        connection_created.connect(use_fast_arrays, dispatch_uid="jarida.database")
