from django.apps import AppConfig


class CommentsConfig(AppConfig):
    name = "jarida.comments"
    label = "comments"
    verbose_name = "التعليقات"
