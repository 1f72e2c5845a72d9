"""What the import knows about an article, shown to the editor who opens it in the admin."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest
from wagtail import hooks
from wagtail.models import Page

from jarida.importers.models import SourceRecord


@hooks.register("before_edit_page")
def show_import_note(request: HttpRequest, page: Page) -> None:
    """A post kept a draft on import (private or password-protected at its source) says why
    on its edit page, so an editor does not publish it unaware."""
    if request.method != "GET":
        return
    note = SourceRecord.objects.filter(article_id=page.pk).values_list("note", flat=True).first()
    if note:
        messages.warning(request, f"ملاحظة الاستيراد: {note}")
