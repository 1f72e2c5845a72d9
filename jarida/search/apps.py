from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "jarida.search"
    label = "search"
    verbose_name = "البحث"

    def ready(self) -> None:
        from jarida.search import signals

        signals.connect()
