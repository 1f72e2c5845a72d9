from django.apps import AppConfig


class NewsConfig(AppConfig):
    name = "jarida.news"
    label = "news"
    verbose_name = "الأخبار"
