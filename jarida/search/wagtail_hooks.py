"""The newsroom's side of search: «التهجئات البديلة», the spelling variants editors add."""

from __future__ import annotations

from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from jarida.search.models import SpellingVariant


class SpellingVariantViewSet(SnippetViewSet):
    model = SpellingVariant
    icon = "search"
    menu_label = "التهجئات البديلة"
    add_to_admin_menu = True
    menu_order = 800
    admin_url_namespace = "search_variants"
    base_url_path = "search/variants"
    list_display = ["spellings", "note", "updated_at"]
    search_fields = ["spellings"]
    copy_view_enabled = False
    panels = [FieldPanel("spellings"), FieldPanel("note")]


register_snippet(SpellingVariantViewSet)
