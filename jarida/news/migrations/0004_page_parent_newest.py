"""Schema: `page_parent_newest`, an index on Wagtail's page table for a section's list.

A section page lists its published articles newest first, twenty to a page, with a count
for "page N of M" (`SectionPage.get_context`). Wagtail finds children with `path LIKE
'<parent>%' AND depth = n + 1`, which no index returns in date order: the count read the
whole section (and each row's news_articlepage row) on every request, and a deep page read
and sorted it all again.

This index is keyed on the parent's path (`jarida.news.models.ParentPath`, whose SQL text
must stay exactly the expression here), then on the list's order, so the count and every
page read one range of one index, in order, and never the table. Everything else the list
checks is in the index too: `live`, `expire_at`, `content_type_id`, and `path` itself
(neither PostgreSQL nor SQLite answers an expression from the index alone unless its column
is there too); SQLite has no INCLUDE, so there they are trailing key columns. It indexes
Wagtail's own columns, so a move, publish, unpublish or expiry counts the moment the row
changes: there is no copy to keep in step.

Not partial (`WHERE live`): PostgreSQL keeps statistics for an indexed expression only when
the index is not partial, and without them it guesses that a section holds 0.5% of pages.
"""

from typing import Any

from django.db import migrations

from jarida.migration_sql import sql_per_vendor

# The path step is Wagtail's (treebeard's) `Page.steplen`, 4.
SQLITE_FORWARD = [
    """
    CREATE INDEX page_parent_newest ON wagtailcore_page (
        SUBSTR(path, 1, LENGTH(path) - 4), first_published_at DESC, id DESC,
        live, expire_at, content_type_id, path
    )
    """,
]
POSTGRESQL_FORWARD = [
    """
    CREATE INDEX page_parent_newest ON wagtailcore_page (
        SUBSTR(path, 1, LENGTH(path) - 4), first_published_at DESC, id DESC
    ) INCLUDE (live, expire_at, content_type_id, path)
    """,
    "ANALYZE wagtailcore_page",
]
BACKWARD = ["DROP INDEX IF EXISTS page_parent_newest"]


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0003_breaking_and_updates"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
    ]

    operations = [
        sql_per_vendor(
            {"sqlite": SQLITE_FORWARD, "postgresql": POSTGRESQL_FORWARD},
            {"sqlite": BACKWARD, "postgresql": BACKWARD},
        )
    ]
