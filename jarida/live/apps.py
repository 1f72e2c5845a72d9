from django.apps import AppConfig


class LiveConfig(AppConfig):
    name = "jarida.live"
    label = "live"
    verbose_name = "التغطية المباشرة"

    def ready(self) -> None:
        from jarida.live import cache_rules  # noqa: F401  (the purge rules' receivers)
