from typing import Any

from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate, post_save


class NewsroomConfig(AppConfig):
    name = "jarida.newsroom"
    label = "newsroom"
    verbose_name = "غرفة الأخبار"

    def ready(self) -> None:
        from jarida.news.models import SectionPage
        from jarida.newsroom import (
            lockout,
            signals,  # noqa: F401  (publish and workflow receivers)
        )

        lockout.connect()
        _newsroom_month_names()

        post_migrate.connect(_sync_roles_after_migrate, sender=self)
        post_save.connect(_sync_section_roles, sender=SectionPage)


def _sync_roles_after_migrate(using: str = "default", **kwargs: Any) -> None:
    from django.contrib.auth.management import create_permissions
    from django.contrib.contenttypes.management import create_contenttypes

    from jarida.newsroom.roles import sync_roles

    # Other apps' permissions may not exist yet at this point of the post_migrate loop.
    for config in apps.get_app_configs():
        create_contenttypes(config, verbosity=0, using=using)
        create_permissions(config, verbosity=0, using=using)
    sync_roles()


def _sync_section_roles(sender: type, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if raw:
        return
    from jarida.newsroom.roles import sync_section

    sync_section(instance)


def _newsroom_month_names() -> None:
    """Django's `F` date format (the admin's dates) prints the newsroom's month names, from
    the same CLDR data as the reader site: «كانون الأول/ديسمبر» for ar_LB in dual style."""
    from django.conf import settings
    from django.utils import dates
    from django.utils.functional import lazy
    from django.utils.translation import get_language

    from jarida.arabic import month_name

    def name(month: int, original: object) -> str:
        if (get_language() or "").startswith("ar"):
            return month_name(month, settings.NEWSROOM_LOCALE, settings.NEWSROOM_MONTH_STYLE)
        return str(original)

    for month, original in list(dates.MONTHS.items()):
        dates.MONTHS[month] = lazy(name, str)(month, original)
