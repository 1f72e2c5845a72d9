from django.apps import AppConfig


class PageCacheConfig(AppConfig):
    name = "jarida.pagecache"
    label = "pagecache"
    verbose_name = "ذاكرة الصفحات"
