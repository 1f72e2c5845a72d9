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
