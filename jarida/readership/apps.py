from django.apps import AppConfig


class ReadershipConfig(AppConfig):
    name = "jarida.readership"
    label = "readership"
    verbose_name = "القراءات"

    def ready(self) -> None:
        from jarida.readership import signals  # noqa: F401
