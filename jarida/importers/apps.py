from django.apps import AppConfig


class ImportersConfig(AppConfig):
    name = "jarida.importers"
    label = "importers"
    verbose_name = "الاستيراد"

    def ready(self) -> None:
        from wagtail.signals import page_published, page_unpublished

        from jarida.importers import redirects
        from jarida.news.models import ArticlePage

        # An imported article's old links answer while it is public, and only then.
        page_published.connect(
            redirects.article_published, sender=ArticlePage, dispatch_uid="importers-redirects"
        )
        page_unpublished.connect(
            redirects.article_unpublished, sender=ArticlePage, dispatch_uid="importers-redirects"
        )
