"""The blocks an article body is written in (Wagtail StreamField)."""

from __future__ import annotations

from typing import Any

from django.utils.safestring import SafeString, mark_safe
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock
from wagtail.rich_text import RichText, expand_db_html


class ParagraphBlock(blocks.RichTextBlock):
    """A paragraph of rich text, rendered without a template: its HTML as Wagtail expands
    it (links to pages and documents made real), then a line break, as the block's
    template printed it (`{{ value|richtext }}` and the file's last newline). An article's
    body is mostly these; through two templates each (the block's, then Wagtail's
    `richtext.html`) they were a sixth of a cold article page's template time."""

    def render(self, value: Any, context: Any = None) -> SafeString:
        source = value.source if isinstance(value, RichText) else str(value or "")
        return mark_safe(expand_db_html(source) + "\n")  # Wagtail's own rich-text HTML


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


class GalleryBlock(blocks.StructBlock):
    """Several photos shown together (WordPress's `[gallery]` and `wp:gallery`)."""

    images = blocks.ListBlock(BodyImageBlock(), label="الصور", min_num=1)
    caption = blocks.CharBlock(label="تعليق المعرض", required=False)

    class Meta:
        icon = "image"
        label = "معرض صور"
        template = "news/blocks/gallery.html"


class TableBlock(blocks.StructBlock):
    """A plain table of text cells: rows of cells, the first row optionally a header. Plain
    text only, so a pasted table can never carry markup."""

    caption = blocks.CharBlock(label="عنوان الجدول", required=False)
    first_row_is_header = blocks.BooleanBlock(
        label="الصف الأول عناوين", required=False, default=True
    )
    rows = blocks.ListBlock(
        blocks.ListBlock(blocks.CharBlock(label="خلية", required=False), label="صف"),
        label="الصفوف",
    )

    class Meta:
        icon = "table"
        label = "جدول"
        template = "news/blocks/table.html"


class ArticleBodyBlock(blocks.StreamBlock):
    paragraph = ParagraphBlock(features=["bold", "italic", "link"], label="فقرة")
    subheading = blocks.CharBlock(
        label="عنوان فرعي", icon="title", template="news/blocks/subheading.html"
    )
    quote = QuoteBlock()
    image = BodyImageBlock()
    list = blocks.RichTextBlock(
        features=["ul", "ol", "bold", "italic", "link"],
        label="قائمة",
        icon="list-ul",
        template="news/blocks/list.html",
    )
    table = TableBlock()
    gallery = GalleryBlock()
