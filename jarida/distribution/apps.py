from django.apps import AppConfig


class DistributionConfig(AppConfig):
    name = "jarida.distribution"
    label = "distribution"
    verbose_name = "التوزيع"
