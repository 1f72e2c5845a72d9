from typing import Any

from django.apps import AppConfig


class NewslettersConfig(AppConfig):
    name = "jarida.newsletters"
    label = "newsletters"
    verbose_name = "النشرات البريدية"

    def ready(self) -> None:
        from django.db.models.signals import post_save
        from wagtail.signals import page_unpublished

        from jarida.news.models import ArticlePage, Takedown
        from jarida.newsletters import scheduling

        scheduling.connect()
        # A story withdrawn from readers leaves the mail not yet sent (`editions.withhold`).
        page_unpublished.connect(_article_withdrawn, sender=ArticlePage)
        post_save.connect(_article_taken_down, sender=Takedown)


def _article_withdrawn(sender: type, instance: Any, **kwargs: Any) -> None:
    from jarida.newsletters.editions import withhold

    withhold(instance.pk)


def _article_taken_down(sender: type, instance: Any, created: bool = False, **kwargs: Any) -> None:
    from jarida.newsletters.editions import withhold

    if created:
        withhold(instance.article_id)
