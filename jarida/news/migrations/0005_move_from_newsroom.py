"""State only: takedowns, correction notices and the newsroom's per-site settings now belong to
the news app (publication state belongs with the paper, and `news` imports no feature app).
Their tables keep their names (`db_table`), so no data moves; their content types are renamed,
so the permissions granted on them (`take_down_article`) follow."""

import django.db.models.deletion
import django.utils.timezone
import modelcluster.fields
from django.conf import settings
from django.db import migrations, models

MOVED = ("takedown", "correctionnotice", "newsroomsettings")


def rename_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="news", model__in=MOVED).delete()
    ContentType.objects.filter(app_label="newsroom", model__in=MOVED).update(app_label="news")


def restore_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="news", model__in=MOVED).update(app_label="newsroom")


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0004_page_parent_newest"),
        ("newsroom", "0002_scheduler_lease"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="NewsroomSettings",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("show_hijri_date", models.BooleanField(default=False, verbose_name="إظهار التاريخ الهجري")),
                        ("hijri_offset_days", models.SmallIntegerField(choices=[(-1, "يوم قبل الحساب (−1)"), (0, "كما في الحساب"), (1, "يوم بعد الحساب (+1)")], default=0, help_text="بدايات الأشهر الهجرية تُعلن ولا تُحسب: عدّل يوماً إذا اختلف الإعلان عن الحساب.", verbose_name="تعديل التاريخ الهجري (بالأيام)")),
                        ("breaking_default_hours", models.PositiveSmallIntegerField(default=6, verbose_name="مدة ظهور الخبر العاجل افتراضياً (بالساعات)")),
                        ("site", models.OneToOneField(editable=False, on_delete=django.db.models.deletion.CASCADE, to="wagtailcore.site")),
                    ],
                    options={"verbose_name": "إعدادات غرفة الأخبار", "db_table": "newsroom_newsroomsettings"},
                ),
                migrations.CreateModel(
                    name="CorrectionNotice",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("sort_order", models.IntegerField(blank=True, editable=False, null=True)),
                        ("kind", models.CharField(choices=[("correction", "تصحيح"), ("clarification", "توضيح"), ("update", "تحديث")], default="correction", max_length=20, verbose_name="النوع")),
                        ("text", models.TextField(max_length=1000, verbose_name="نص الملاحظة")),
                        ("noted_at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="الوقت")),
                        ("article", modelcluster.fields.ParentalKey(on_delete=django.db.models.deletion.CASCADE, related_name="notices", to="news.articlepage")),
                    ],
                    options={
                        "verbose_name": "ملاحظة تصحيح",
                        "verbose_name_plural": "ملاحظات التصحيح",
                        "ordering": ["sort_order"],
                        "abstract": False,
                        "db_table": "newsroom_correctionnotice",
                        "indexes": [models.Index(fields=["-noted_at"], name="notice_noted_at")],
                    },
                ),
                migrations.CreateModel(
                    name="Takedown",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("reason", models.TextField(verbose_name="السبب")),
                        ("taken_down_at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="وقت السحب")),
                        ("lifted_at", models.DateTimeField(blank=True, null=True, verbose_name="وقت الإعادة")),
                        ("article", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="takedowns", to="news.articlepage", verbose_name="الخبر")),
                        ("lifted_by", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL, verbose_name="أعاده")),
                        ("taken_down_by", models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL, verbose_name="سحبه")),
                    ],
                    options={
                        "verbose_name": "سحب خبر",
                        "verbose_name_plural": "الأخبار المسحوبة",
                        "db_table": "newsroom_takedown",
                        "permissions": [("take_down_article", "يستطيع سحب الأخبار من النشر وإعادتها")],
                        "constraints": [models.UniqueConstraint(condition=models.Q(("lifted_at__isnull", True)), fields=("article",), name="one_active_takedown_per_article")],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(rename_content_types, restore_content_types),
    ]
