from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("importers", "0003_source_page"),
    ]

    operations = [
        migrations.AddField(
            model_name="sourcerecord",
            name="raw_digest",
            field=models.CharField(blank=True, default="", max_length=64),
        ),
    ]
