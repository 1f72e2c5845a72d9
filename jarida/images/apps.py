from django.apps import AppConfig


class ImagesConfig(AppConfig):
    name = "jarida.images"
    label = "images"
    verbose_name = "الصور"
