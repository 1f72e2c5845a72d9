"""The blocks an article body is written in (Wagtail StreamField)."""

from __future__ import annotations

from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label="الاقتباس")
    attribution = blocks.CharBlock(label="القائل", required=False)

    class Meta:
        icon = "openquote"
        label = "اقتباس"
        template = "news/blocks/quote.html"


class BodyImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label="الصورة")
    caption = blocks.CharBlock(
        label="التعليق", required=False, help_text="إن تُرك فارغاً يُستخدم تعليق الصورة."
    )

    class Meta:
        icon = "image"
        label = "صورة"
        template = "news/blocks/image.html"


class ArticleBodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(
        features=["bold", "italic", "link"], label="فقرة", template="news/blocks/paragraph.html"
    )
    subheading = blocks.CharBlock(
        label="عنوان فرعي", icon="title", template="news/blocks/subheading.html"
    )
    quote = QuoteBlock()
    image = BodyImageBlock()
