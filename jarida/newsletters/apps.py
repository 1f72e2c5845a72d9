from django.apps import AppConfig


class NewslettersConfig(AppConfig):
    name = "jarida.newsletters"
    label = "newsletters"
    verbose_name = "النشرات البريدية"

    def ready(self) -> None:
        from jarida.newsletters import scheduling

        scheduling.connect()
