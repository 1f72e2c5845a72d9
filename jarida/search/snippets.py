"""Snippets: the passage of an article that best shows why it matched, with the matches marked.

Matching is by the analyser's terms, so the reader's امريكا marks أمريكا and الأمريكية in the
text as the author wrote them, harakat and all. Everything but the `<mark>` tags is escaped.
"""

from __future__ import annotations

from html import escape
from itertools import accumulate, islice

from django.utils.safestring import SafeString, mark_safe

from jarida.arabic.analysis import QueryTerm, word_spans, word_terms, written_words

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
    # Choosing the window needs only whether each word matched: the words as strings, the
    # terms of each distinct word (cached), no positions. A word of marks alone has no terms
    # and does not count. Positions are found afterwards, for the chosen words alone.
    written = written_words(text)
    terms = {word: word_terms(word) for word in set(written)}
    matched = {word for word, its in terms.items() if not its.isdisjoint(wanted)}
    counted = [word for word in written if terms[word]] if not all(terms.values()) else written
    hits = [word in matched for word in counted]
    if not hits:
        return mark_safe(escape(text[:200]))
    # Sliding window: the first start whose next `words` words hold the most matches.
    before = list(accumulate(hits, initial=0))
    counts = [
        before[min(start + words, len(hits))] - before[start]
        for start in range(max(1, len(hits) - words + 1))
    ]
    best_count = max(counts)
    best_start = counts.index(best_count)
    # Start two words before the window's first match: the words dropped held no match.
    if best_count:
        best_start = max(best_start, hits.index(True, best_start) - 2)
    end = min(len(hits), best_start + words)
    spans = islice(word_spans(text), best_start, end)
    parts = ["… " if best_start > 0 else ""]
    cursor = None
    for index, (start, stop, _) in enumerate(spans, best_start):
        if cursor is not None:
            parts.append(escape(text[cursor:start]))
        word = escape(text[start:stop])
        parts.append(f"<mark>{word}</mark>" if hits[index] else word)
        cursor = stop
    if end < len(hits):
        parts.append(" …")
    return mark_safe("".join(parts))
