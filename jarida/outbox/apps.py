from django.apps import AppConfig


class OutboxConfig(AppConfig):
    name = "jarida.outbox"
    label = "outbox"
    verbose_name = "البريد الصادر"
