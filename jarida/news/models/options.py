"""The newsroom's options per site, edited in the admin (الإعدادات)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


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
