"""Wagtail's users app with the newsroom's user viewset (`jarida.newsroom.users`); kept apart
from `jarida.newsroom.apps` so that module keeps exactly one AppConfig."""

from wagtail.users.apps import WagtailUsersAppConfig


class NewsroomUsersConfig(WagtailUsersAppConfig):
    user_viewset = "jarida.newsroom.users.NewsroomUserViewSet"
