from __future__ import annotations

import io

import factory
from django.core.files.images import ImageFile
from factory.django import DjangoModelFactory
from PIL import Image

from jarida.images.models import NewsImage


def jpeg_file(
    width: int = 1200, height: int = 675, colour: str = "#5a6b7c", name: str = "photo.jpg"
) -> ImageFile:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(buffer, "JPEG", quality=80)
    return ImageFile(buffer, name=name)


class NewsImageFactory(DjangoModelFactory):
    class Meta:
        model = NewsImage

    title = factory.Sequence(lambda n: f"صورة {n}")
    file = factory.LazyFunction(jpeg_file)
    credit = "© Getty"
    caption = "متظاهرون في ساحة الشهداء وسط بيروت"
