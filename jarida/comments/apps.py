from django.apps import AppConfig


class CommentsConfig(AppConfig):
    name = "jarida.comments"
    label = "comments"
    verbose_name = "التعليقات"

    def ready(self) -> None:
        from jarida.comments.models import with_comment_counts, with_comment_settings
        from jarida.news.models import register_listing_annotation, register_page_annotation

        # Cards show an article's approved comment count; its page, its comment settings:
        # both read in the article's own query.
        register_listing_annotation(with_comment_counts)
        register_page_annotation(with_comment_settings)
