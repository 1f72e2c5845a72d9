from django.apps import AppConfig


class NewsConfig(AppConfig):
    name = "jarida.news"
    label = "news"
    verbose_name = "الأخبار"

    def ready(self) -> None:
        from jarida.news import cache_rules  # noqa: F401  (the purge rules' receivers)
