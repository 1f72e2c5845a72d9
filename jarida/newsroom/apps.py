from django.apps import AppConfig


class NewsroomConfig(AppConfig):
    name = "jarida.newsroom"
    label = "newsroom"
    verbose_name = "غرفة الأخبار"
