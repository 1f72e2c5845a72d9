"""`{% load cards %}`: an article's card in a list (headline, photo, date, comment count)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import template
from django.template import Context, Engine
from django.utils.safestring import SafeString, mark_safe

from jarida.news.models import ArticlePage

register = template.Library()
CARD_TEMPLATE = "news/includes/article_card.html"


@register.simple_tag(takes_context=True)
def article_card(
    context: dict[str, Any],
    article: ArticlePage,
    lead: bool = False,
    level: int = 3,
    show_summary: bool = False,
) -> SafeString:
    return article_cards(context, [article], lead, level, show_summary)


@register.simple_tag(takes_context=True)
def article_cards(
    context: dict[str, Any],
    articles: Iterable[ArticlePage],
    lead: bool = False,
    level: int = 3,
    show_summary: bool = False,
) -> SafeString:
    """The cards of a list, with one template for all (`article_card.html`).

    Each card is rendered in a plain `Context` holding what the card reads (the article, its
    section, the variant and the request, which `{% url_of %}` uses), not a `RequestContext`:
    that would run every context processor again for each card, a fifth of a card's render
    on a cold page, for values no card prints. A card that needs more gets it here."""
    request = context.get("request")
    card = Engine.get_default().get_template(CARD_TEMPLATE)
    variant = {"lead": lead, "level": level, "show_summary": show_summary, "request": request}
    return mark_safe(  # each card escaped by its template
        "".join(
            # A card names its section when the view already knows it (no query per card).
            card.render(Context({"article": a, "section": vars(a).get("section"), **variant}))
            for a in articles
        )
    )
