"""The scheduler's lease row exists from the start, so two schedulers never race to create it."""

from django.db import migrations


def create_lease(apps, schema_editor):
    apps.get_model("newsroom", "SchedulerLease").objects.get_or_create(name="publish")


class Migration(migrations.Migration):
    dependencies = [("newsroom", "0001_initial")]

    operations = [migrations.RunPython(create_lease, migrations.RunPython.noop)]
