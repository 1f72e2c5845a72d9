"""State only: takedowns, correction notices and the newsroom's settings moved to the news
app with their tables (news migration 0005)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("newsroom", "0002_scheduler_lease"),
        ("news", "0005_move_from_newsroom"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="Takedown"),
                migrations.DeleteModel(name="CorrectionNotice"),
                migrations.DeleteModel(name="NewsroomSettings"),
            ],
            database_operations=[],
        ),
    ]
