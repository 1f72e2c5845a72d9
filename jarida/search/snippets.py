"""Snippets: the passage of an article that best shows why it matched, with the matches marked.

Matching is by the analyser's terms, so the reader's امريكا marks أمريكا and الأمريكية in the
text as the author wrote them, harakat and all. Everything but the `<mark>` tags is escaped.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache
from html import escape
from itertools import accumulate

from django.utils.safestring import SafeString, mark_safe

from jarida.arabic.analysis import QueryTerm, split_written, word_terms, word_tokens

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


@lru_cache(maxsize=256)
def _pattern(wanted: frozenset[str]) -> re.Pattern[str]:
    """Any of `wanted`, longest first."""
    return re.compile("|".join(map(re.escape, sorted(wanted, key=len, reverse=True))))


def _matched(tokens: dict[str, tuple[str, ...]], wanted: frozenset[str]) -> set[str]:
    """The words (keys of `tokens`) that hold a term of `wanted`.

    A stem is part of its token, so only a word whose tokens hold a wanted string can match:
    one regular expression search over all the words' tokens, one line per word (no wanted
    string holds a line break), finds them, and only those are stemmed."""
    if not wanted:
        return set()
    words = [word for word, its in tokens.items() if its]
    lines = [" ".join(tokens[word]) for word in words]
    starts = list(accumulate((len(line) + 1 for line in lines), initial=0))
    found = {
        words[bisect_right(starts, match.start()) - 1]
        for match in _pattern(wanted).finditer("\n".join(lines))
    }
    return {word for word in found if not word_terms(word).isdisjoint(wanted)}


def snippet(text: str, wanted: frozenset[str], words: int = SNIPPET_WORDS) -> SafeString:
    """The window of `words` words with the most matches, as escaped HTML with `<mark>`s."""
    text = text[:MAX_TEXT_CHARS]
    # Choosing the window needs only whether each word matched: the words as strings (one
    # split of the text, which also keeps what is between them), the tokens of each distinct
    # word (cached, and a translate for most words). A stem is part of its token, so only a
    # word whose tokens hold a wanted string can match: the others are never stemmed. A word
    # of marks alone has no tokens and does not count.
    parts = split_written(text)
    written = parts[1::2]
    tokens = {word: word_tokens(word) for word in set(written)}
    matched = _matched(tokens, wanted)
    # Indexes (in `written`) of the words that count.
    counted = (
        range(len(written))
        if all(tokens.values())
        else [i for i, word in enumerate(written) if tokens[word]]
    )
    hits = [written[i] in matched for i in counted]
    if not hits:
        return mark_safe(escape(text[:200]))
    # Sliding window: the first start whose next `words` words hold the most matches.
    before = list(accumulate(hits, initial=0))
    counts = [b - a for a, b in zip(before, before[words:], strict=False)] or [before[-1]]
    best_count = max(counts)
    best_start = counts.index(best_count)
    # Start two words before the window's first match: the words dropped held no match.
    if best_count:
        best_start = max(best_start, hits.index(True, best_start) - 2)
    end = min(len(hits), best_start + words)
    first, last = counted[best_start], counted[end - 1]
    out = ["… " if best_start > 0 else ""]
    for i in range(first, last + 1):
        word = escape(written[i])
        out.append(f"<mark>{word}</mark>" if written[i] in matched else word)
        if i < last:
            out.append(escape(parts[2 * i + 2]))
    if end < len(hits):
        out.append(" …")
    return mark_safe("".join(out))
