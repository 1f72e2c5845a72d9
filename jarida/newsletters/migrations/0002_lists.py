"""The two lists every paper has: the morning digest and breaking alerts."""

from django.db import migrations

LISTS = (
    ("daily", "النشرة الصباحية", "daily", 0),
    ("breaking", "عاجل", "breaking", 1),
)


def add_lists(apps, schema_editor):
    NewsletterList = apps.get_model("newsletters", "NewsletterList")
    for slug, name, kind, order in LISTS:
        NewsletterList.objects.get_or_create(
            slug=slug, defaults={"name": name, "kind": kind, "sort_order": order}
        )


class Migration(migrations.Migration):
    dependencies = [("newsletters", "0001_initial")]

    operations = [migrations.RunPython(add_lists, migrations.RunPython.noop)]
