"""Newsroom photos: Wagtail's image model plus the credit and caption a paper must print.

A photo's credit belongs to the photo (the agency or photographer who owns it), so it lives
on the image and follows it to every article that uses it.
"""

from collections.abc import Iterable
from typing import Any

from django.db import models
from django.db.models import prefetch_related_objects
from wagtail.images.models import AbstractImage, AbstractRendition, Image

from jarida.images.metadata import read_photo_metadata


class NewsImage(AbstractImage):
    credit = models.CharField(
        "حقوق الصورة",
        max_length=255,
        blank=True,
        help_text="مثل: © Getty أو تصوير: اسم المصور",
    )
    caption = models.CharField("التعليق على الصورة", max_length=500, blank=True)

    admin_form_fields = (*Image.admin_form_fields, "credit", "caption")

    def save(self, *args: Any, **kwargs: Any) -> None:
        # A new upload's credit and caption start from what the photo itself carries
        # (IPTC/EXIF); the editor sees them pre-filled and can change them.
        if self.pk is None and self.file and not (self.credit and self.caption):
            metadata = read_photo_metadata(self.file)
            self.credit = self.credit or metadata.credit
            self.caption = self.caption or metadata.caption
        super().save(*args, **kwargs)

    class Meta(AbstractImage.Meta):
        verbose_name = "صورة"
        verbose_name_plural = "صور"


class NewsRendition(AbstractRendition):
    image = models.ForeignKey(NewsImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)


def prefetch_renditions(images: Iterable[NewsImage | None]) -> None:
    """Every rendition of `images` in one query, so that a page's pictures (its lead photo,
    each card's) cost one query together rather than one each. Wagtail reads a photo's
    prefetched renditions before it asks the database."""
    found = [image for image in images if image is not None]
    if found:
        prefetch_related_objects(found, "renditions")
