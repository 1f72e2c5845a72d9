from __future__ import annotations

import factory
from factory.django import DjangoModelFactory

from jarida.comments.models import Comment
from jarida.news.tests.factories import ArticleFactory


class CommentFactory(DjangoModelFactory):
    class Meta:
        model = Comment

    article = factory.SubFactory(ArticleFactory)
    name = "قارئ من صيدا"
    body = "شكراً على هذا التقرير المفصّل."
    status = Comment.Status.APPROVED
