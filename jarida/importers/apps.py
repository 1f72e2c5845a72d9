from django.apps import AppConfig


class ImportersConfig(AppConfig):
    name = "jarida.importers"
    label = "importers"
    verbose_name = "الاستيراد"
