"""The article editor's form: the newsroom's rules checked before anything goes public, and a
new article's default byline."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from wagtail.admin.forms import WagtailAdminPageForm

CREDIT_REQUIRED = (
    "لا يُنشر خبر بصورة رئيسية من دون حقوق الصورة. أضف الحقوق هنا، "
    "أو في بيانات الصورة في مكتبة الصور (مثل: © Getty)."
)


class ArticlePageForm(WagtailAdminPageForm):
    """Publishing and submitting for review are strict; saving a draft is not (Wagtail defers
    validation for drafts), so a reporter can keep working on a photo whose credit is still
    being chased."""

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean()
        if self.is_deferred_validation:
            return cleaned
        image = cleaned.get("lead_image")
        if image is not None and not (cleaned.get("lead_image_credit") or image.credit):
            self.add_error("lead_image_credit", CREDIT_REQUIRED)
        if self.instance.pk and self.instance.takedowns.filter(lifted_at__isnull=True).exists():
            # Said here, beside the form; `ArticlePage.publish()` refuses it on every path.
            from jarida.news.models.publication import TAKEN_DOWN

            self.add_error(None, TAKEN_DOWN)
        if cleaned.get("is_breaking") and not cleaned.get("breaking_until"):
            cleaned["breaking_until"] = timezone.now() + dt.timedelta(hours=self._breaking_hours())
        return cleaned

    def save(self, commit: bool = True) -> Any:
        """A new article is bylined to the author linked to the account writing it
        (`Author.user`), unless the writer chose its bylines already."""
        if self.instance.pk is not None:
            return super().save(commit=commit)
        # Wagtail's create view saves with commit=False and adds the page to the tree itself.
        page = super().save(commit=False)
        author = getattr(self.for_user, "author_profile", None)
        if author is not None and not page.article_authors.all():
            from jarida.news.models import ArticleAuthor

            page.article_authors.add(ArticleAuthor(author=author, sort_order=0))
        if commit:
            page.save()
        return page

    def _breaking_hours(self) -> int:
        from jarida.news.models.options import NewsroomSettings

        site = self.parent_page.get_site() if self.parent_page else None
        return NewsroomSettings.for_site(site).breaking_default_hours if site else 6
