"""The newsroom's options per site, edited in the admin (الإعدادات)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Site

from jarida.news.models.querysets import BOOLEAN, INTEGER, TEXT, RowSQL


@register_setting(icon="date")
class NewsroomSettings(BaseSiteSetting):
    show_hijri_date = models.BooleanField("إظهار التاريخ الهجري", default=False)
    hijri_offset_days = models.SmallIntegerField(
        "تعديل التاريخ الهجري (بالأيام)",
        default=0,
        choices=[(-1, "يوم قبل الحساب (−1)"), (0, "كما في الحساب"), (1, "يوم بعد الحساب (+1)")],
        help_text="بدايات الأشهر الهجرية تُعلن ولا تُحسب: عدّل يوماً إذا اختلف الإعلان عن الحساب.",
    )
    breaking_default_hours = models.PositiveSmallIntegerField(
        "مدة ظهور الخبر العاجل افتراضياً (بالساعات)", default=6
    )

    about_text = models.TextField(
        "من نحن",
        blank=True,
        help_text="يظهر في صفحة «من نحن» المربوطة من ذيل كل صفحة. فقرة في كل سطر.",
    )
    contact_text = models.TextField(
        "اتصل بنا",
        blank=True,
        help_text="يظهر في صفحة «اتصل بنا»: العنوان والهاتف والبريد. فقرة في كل سطر.",
    )

    logo = models.ForeignKey(
        settings.WAGTAILIMAGES_IMAGE_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="شعار الصحيفة",
        help_text=(
            "يحلّ محل الشعار المدمج في رأس كل صفحة. صورة PNG أو WebP بخلفية شفافة، بعرض "
            "٤٠٠ بكسل تقريباً، تُقرأ على الخلفية الفاتحة والداكنة. اتركه فارغاً للشعار المدمج."
        ),
    )

    logo_dark = models.ForeignKey(
        settings.WAGTAILIMAGES_IMAGE_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="شعار الصحيفة للوضع الداكن",
        help_text=(
            "نسخة فاتحة من الشعار لمن يقرأ بالوضع الداكن. إن تُركت فارغة يظهر الشعار أعلاه "
            "على لوح فاتح في الوضع الداكن."
        ),
    )

    panels = [
        FieldPanel("logo"),
        FieldPanel("logo_dark"),
        FieldPanel("show_hijri_date"),
        FieldPanel("hijri_offset_days"),
        FieldPanel("breaking_default_hours"),
        FieldPanel("about_text"),
        FieldPanel("contact_text"),
    ]

    class Meta:
        db_table = "newsroom_newsroomsettings"
        verbose_name = "إعدادات غرفة الأخبار"


def masthead_options(root: int | str) -> dict[str, RowSQL]:
    """What every page's masthead shows of these options for the site whose home is `root`
    (the logo's original file, not a rendition: no query of its own on any page), as
    subqueries for `HomePage.chrome` to annotate its one query with. `root` is the home
    page's id, or SQL naming a column of the outer query that holds it (`links.site_root`
    reads these with the site's row)."""
    root_sql, params = ("%s", (root,)) if isinstance(root, int) else (root, ())

    def option(column: str, field: models.Field[Any, Any]) -> RowSQL:
        return RowSQL(
            None,
            f"(SELECT {column} FROM {{options}} jarida_ns"
            " INNER JOIN {site} jarida_ns_site ON jarida_ns.site_id = jarida_ns_site.id"
            " LEFT JOIN {image} jarida_logo ON jarida_ns.logo_id = jarida_logo.id"
            " LEFT JOIN {image} jarida_logo_dark ON jarida_ns.logo_dark_id = jarida_logo_dark.id"
            f" WHERE jarida_ns_site.root_page_id = {root_sql})",
            tables={
                "options": NewsroomSettings,
                "site": Site,
                "image": NewsroomSettings._meta.get_field("logo").related_model,
            },
            params=params,
            output_field=field,
        )

    number = INTEGER
    return {
        "show_hijri": option("jarida_ns.show_hijri_date", BOOLEAN),
        "hijri_offset": option("jarida_ns.hijri_offset_days", number),
        "logo_file": option("jarida_logo.file", TEXT),
        "logo_width": option("jarida_logo.width", number),
        "logo_height": option("jarida_logo.height", number),
        "logo_dark_file": option("jarida_logo_dark.file", TEXT),
    }
