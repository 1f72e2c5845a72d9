from django.apps import AppConfig


class PageCacheConfig(AppConfig):
    name = "jarida.pagecache"
    label = "pagecache"
    verbose_name = "ذاكرة الصفحات"

    def ready(self) -> None:
        from jarida.pagecache import signals  # noqa: F401  (purge on publish, comments...)
