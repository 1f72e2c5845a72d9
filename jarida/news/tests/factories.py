"""One source of fake content: the tests and the demo site (`load_demo`) both build with these."""

from __future__ import annotations

import datetime as dt
from typing import Any

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from jarida.news.body import body_stream
from jarida.news.models import ArticleAuthor, ArticlePage, Author, HomePage, SectionPage

# Fixture text with harakat, tatweel and mixed digits, so RTL and search bugs show up in
# ordinary tests.
DEFAULT_BODY = (
    "قالَ وزيرُ الماليّة إنّ الموازنة الجديدة ستُعرض على مجلس الوزراء في ١٥ تشرين الأول/أكتوبر.",
    "وأضاف أنّ العجز تراجع إلى 3.2 في المئة، في حين ارتفعت الإيرادات الجمركيّة بنسبة ١٢٪.",
    "وكان الـمجلس قد أقرّ في جلسته الأخيرة خطةً لدعم الصناعات المحليّة.",
)


def paragraphs(*texts: str) -> list[dict[str, Any]]:
    return body_stream(("paragraph", text) for text in texts)


class AuthorFactory(DjangoModelFactory):
    class Meta:
        model = Author
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"ريم الخوري {n}")
    bio = "صحافية تغطي الشؤون السياسية."


class PageFactory(DjangoModelFactory):
    """Adds the page under `parent` in the tree and publishes it through a revision, as the
    admin does (`publish=False` leaves a never-published draft)."""

    class Meta:
        abstract = True

    # Keyword arguments that are relations set on the page before it is saved.
    _relation_arguments: tuple[str, ...] = ()

    @classmethod
    def _create(
        cls, model_class: type, *args: Any, parent: Any = None, publish: bool = True, **kwargs: Any
    ) -> Any:
        relations = {name: kwargs.pop(name) for name in cls._relation_arguments if name in kwargs}
        if not publish:
            kwargs["first_published_at"] = None
        page = model_class(*args, live=publish, **kwargs)
        cls.set_relations(page, **relations)
        (parent or cls.default_parent()).add_child(instance=page)
        revision = page.save_revision()
        if publish:
            revision.publish()
            page.refresh_from_db()
        return page

    @classmethod
    def default_parent(cls) -> Any:
        raise NotImplementedError

    @classmethod
    def set_relations(cls, page: Any, **relations: Any) -> None:
        pass


class SectionFactory(PageFactory):
    class Meta:
        model = SectionPage

    title = factory.Sequence(lambda n: f"سياسة {n}")
    description = "أخبار السياسة المحلية والإقليمية."

    @classmethod
    def default_parent(cls) -> Any:
        return HomePage.objects.get()


class ArticleFactory(PageFactory):
    class Meta:
        model = ArticlePage

    _relation_arguments = ("authors", "tags")

    title = factory.Sequence(lambda n: f"الحكومة تُقرّ مشروع الموازنة العامة رقم {n}")
    summary = "مجلس الوزراء يناقش الموازنة في جلسة استثنائية."
    body = factory.LazyFunction(lambda: paragraphs(*DEFAULT_BODY))
    first_published_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(hours=1))

    @classmethod
    def default_parent(cls) -> Any:
        return SectionPage.objects.order_by("path").first() or SectionFactory()

    @classmethod
    def set_relations(cls, page: Any, authors: Any = (), tags: Any = ()) -> None:
        page.article_authors = [
            ArticleAuthor(author=author, sort_order=i) for i, author in enumerate(authors)
        ]
        page.tags.set(list(tags))
