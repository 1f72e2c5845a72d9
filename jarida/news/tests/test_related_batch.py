"""`choose_related_batch` makes, for many articles at once, the choice `choose_related` makes
for each: the importer chooses a chunk's blocks with it."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from django.utils import timezone

from jarida.news.models import ArticlePage
from jarida.news.models.related import choose_related, choose_related_batch
from jarida.news.publication import take_down
from jarida.news.tests.factories import ArticleFactory, SectionFactory

pytestmark = pytest.mark.django_db

TAGS = ["الكهرباء", "الموازنة", "النفط", "الرياض", "الصحة"]


def archive(seed: int) -> list[ArticlePage]:
    """Articles in three sections with tags drawn at random, some at the same moment, and
    some a reader cannot see (a draft, a taken-down one, an expired one)."""
    rng = random.Random(seed)
    sections = [SectionFactory() for _ in range(3)]
    start = timezone.now() - dt.timedelta(days=30)
    articles = []
    for n in range(30):
        # Every fifth shares its moment with the one before: ties broken as the query does.
        hours = n - n % 5 // 4
        articles.append(
            ArticleFactory(
                parent=rng.choice(sections),
                tags=rng.sample(TAGS, rng.randint(0, 3)),
                first_published_at=start + dt.timedelta(hours=hours),
            )
        )
    articles.append(ArticleFactory(parent=sections[0], tags=TAGS[:2], publish=False))
    take_down(articles[3], None, "حكم قضائي")
    ArticlePage.objects.filter(pk=articles[5].pk).update(
        expire_at=timezone.now() - dt.timedelta(hours=1)
    )
    return [ArticlePage.objects.get(pk=a.pk) for a in articles]


def tag_ids(article: ArticlePage) -> list[int]:
    return list(article.tags.values_list("pk", flat=True))


@pytest.mark.parametrize("seed", [7])
def test_the_batch_choice_is_the_choice_of_each_article(seed):
    articles = archive(seed)

    one_by_one = [choose_related(a, tag_ids(a)) for a in articles]
    batched = choose_related_batch([(a, tag_ids(a)) for a in articles])

    assert batched == one_by_one
    assert any(len(choice) == 4 for choice in batched)  # the data does rank something
