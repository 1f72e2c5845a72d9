from django.apps import AppConfig


class CommentsConfig(AppConfig):
    name = "jarida.comments"
    label = "comments"
    verbose_name = "التعليقات"

    def ready(self) -> None:
        from jarida.comments.models import comment_count_column, comment_settings_columns
        from jarida.news.models import register_listing_columns, register_page_columns

        # Cards show an article's approved comment count; its page, its comment settings:
        # both read in the article's own query.
        register_listing_columns(comment_count_column)
        register_page_columns(comment_settings_columns)
