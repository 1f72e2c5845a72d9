from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo paper that `make run` shows (`manage.py load_demo`): original content, built
    with the apps' own test factories. On top of every app, so none depends on it."""

    name = "jarida.demo"
    label = "demo"
    verbose_name = "الجريدة التجريبية"
