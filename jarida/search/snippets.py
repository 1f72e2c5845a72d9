"""Snippets: the passage of an article that best shows why it matched, with the matches marked.

Matching is by the analyser's terms, so the reader's امريكا marks أمريكا and الأمريكية in the
text as the author wrote them, harakat and all. Everything but the `<mark>` tags is escaped.
"""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from jarida.arabic.analysis import QueryTerm, word_spans

# Words shown in a snippet: about two lines on a phone.
SNIPPET_WORDS = 32
# Text analysed per article when looking for the passage; a rare very long article is cut.
MAX_TEXT_CHARS = 50_000


def query_terms(terms: list[QueryTerm]) -> frozenset[str]:
    """Every stem and exact form a word of the text may have to be marked."""
    return frozenset(
        value
        for term in terms
        for value in (term.exact_forms if term.stop else term.stems + term.exact_forms)
    )


def snippet(text: str, wanted: frozenset[str], words: int = SNIPPET_WORDS) -> SafeString:
    """The window of `words` words with the most matches, as escaped HTML with `<mark>`s."""
    text = text[:MAX_TEXT_CHARS]
    spans = list(word_spans(text))
    if not spans:
        return mark_safe(escape(text[:200]))
    hits = [bool(terms & wanted) for _, _, terms in spans]
    # Sliding window: the start whose next `words` words hold the most matches.
    count = sum(hits[:words])
    best_start, best_count = 0, count
    for start in range(1, max(1, len(spans) - words + 1)):
        count += hits[start + words - 1] - hits[start - 1]
        if count > best_count:
            best_start, best_count = start, count
    # Start two words before the window's first match: the words dropped held no match.
    if best_count:
        best_start = max(best_start, hits.index(True, best_start) - 2)
    chosen = range(best_start, min(len(spans), best_start + words))
    parts = ["… " if best_start > 0 else ""]
    cursor = spans[best_start][0]
    for index in chosen:
        start, end, _ = spans[index]
        parts.append(escape(text[cursor:start]))
        word = escape(text[start:end])
        parts.append(f"<mark>{word}</mark>" if hits[index] else word)
        cursor = end
    if chosen[-1] < len(spans) - 1:
        parts.append(" …")
    return mark_safe("".join(parts))
