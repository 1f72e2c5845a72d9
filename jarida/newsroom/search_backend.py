"""Wagtail's database search backend, Arabic-aware for the admin.

Reader search has its own index and analyser (`jarida.search`); the admin's page, snippet and
image search go through Wagtail's backend, which compared raw strings: الامطار did not find
الأمطار. This backend folds every query with `jarida.arabic.normalise` (hamza forms, alef
maksura, teh marbuta, tashkeel, tatweel, Arabic-Indic digits), and articles index a folded
copy of their title, summary and byline (`ArticlePage.folded_search_text`), so both sides
meet on one spelling, as reader search does.
"""

from __future__ import annotations

import copy
from typing import Any

from modelsearch.backends.database import SearchBackend as vendor_backend
from modelsearch.query import And, Boost, Fuzzy, Not, Or, Phrase, PlainText
from wagtail.models import Page

from jarida.arabic import analyse, normalise


def fold_query(query: Any) -> Any:
    """The query with every string in it folded: a plain string, or the query objects the
    admin parses its search box into (plain text, phrases, fuzzy; inside And/Or/Not/Boost)."""
    if isinstance(query, str):
        return normalise(query)
    if isinstance(query, (And, Or)):
        return type(query)([fold_query(sub) for sub in query.subqueries])
    if isinstance(query, (Not, Boost)):
        folded = copy.copy(query)
        folded.subquery = fold_query(query.subquery)
        return folded
    if isinstance(query, (PlainText, Phrase, Fuzzy)):
        folded = copy.copy(query)
        folded.query_string = normalise(query.query_string)
        return folded
    return query


def _is_pages(model_or_queryset: Any) -> bool:
    model = getattr(model_or_queryset, "model", model_or_queryset)
    return isinstance(model, type) and issubclass(model, Page)


def stem_query(query: Any) -> Any:
    """For page searches: the folded words, or their stems as reader search makes them
    (الأمريكية finds امريكيه, الامطار finds مطر), matched against `folded_search_text`."""
    if isinstance(query, PlainText):
        stems = analyse(query.query_string).stems
        if stems and stems != query.query_string:
            return Or([query, PlainText(stems, operator=query.operator)])
    if isinstance(query, (And, Or)):
        return type(query)([stem_query(sub) for sub in query.subqueries])
    return query


class ArabicQueryMixin:
    def search(self, query: Any, model_or_queryset: Any, *args: Any, **kwargs: Any) -> Any:
        folded = fold_query(query)
        if _is_pages(model_or_queryset):
            folded = stem_query(PlainText(folded) if isinstance(folded, str) else folded)
        return super().search(folded, model_or_queryset, *args, **kwargs)  # type: ignore[misc]

    def autocomplete(self, query: Any, model_or_queryset: Any, *args: Any, **kwargs: Any) -> Any:
        """As typed (folded) first, so a half-typed word still completes; for pages with no
        match that way, the words' stems (الامريكية finds امريكيه)."""
        folded = fold_query(query)
        results = super().autocomplete(folded, model_or_queryset, *args, **kwargs)  # type: ignore[misc]
        text = folded if isinstance(folded, str) else getattr(folded, "query_string", None)
        if text and isinstance(folded, (str, PlainText)) and _is_pages(model_or_queryset):
            stems = analyse(text).stems
            if stems and stems != text and not results.count():
                again = stems if isinstance(folded, str) else PlainText(stems, folded.operator)
                return super().autocomplete(again, model_or_queryset, *args, **kwargs)  # type: ignore[misc]
        return results


_classes: dict[type, type] = {}


def SearchBackend(params: dict[str, Any]) -> Any:
    """The database backend for this connection's vendor, with Arabic query folding."""
    base = type(vendor_backend(params))
    if base not in _classes:
        _classes[base] = type(f"Arabic{base.__name__}", (ArabicQueryMixin, base), {})
    return _classes[base](params)
