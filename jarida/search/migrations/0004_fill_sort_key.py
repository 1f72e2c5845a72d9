"""Data: the `sort_key` of the rows indexed before it existed, from their articles' first
publication time (the same function the indexer uses)."""

from typing import Any

from django.db import migrations

from jarida.search.models import sort_key

BATCH_SIZE = 2000


def fill(apps: Any, schema_editor: Any) -> None:
    SearchDocument = apps.get_model("search", "SearchDocument")
    rows = SearchDocument.objects.order_by("pk").values_list("pk", "article__first_published_at")
    documents = [
        SearchDocument(pk=article_id, sort_key=sort_key(published, article_id))
        for article_id, published in rows.iterator(chunk_size=BATCH_SIZE)
    ]
    SearchDocument.objects.bulk_update(documents, ["sort_key"], batch_size=BATCH_SIZE)


class Migration(migrations.Migration):
    dependencies = [("search", "0003_sort_key")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
