"""«هل تقصد»: a spelling suggestion from the index's own vocabulary.

For a query that finds little, each of its words is compared with the words of the published
archive (`SearchTerm`, normalised forms and how many articles use each): the words one edit
away (a letter dropped, added, changed, or two swapped: Damerau-Levenshtein distance 1, over
normalised forms, so hamza and ة/ه are not edits) are looked up in one query, and the one used
by the most articles replaces the reader's word if it is used far more often than the word
itself. The reader's query is never replaced: the page offers the suggestion as a link.
"""

from __future__ import annotations

from typing import Final

from jarida.arabic.analysis import QueryTerm, tokenise, written_words
from jarida.search.models import SearchTerm

__all__ = ["suggest"]

# The letters of normalised Arabic (no hamza seats, ى, ة or Persian letters remain), and of
# Latin words and digits.
ARABIC: Final = "ءابتثجحخدذرزسشصضطظعغفقكلمنهوي"
LATIN: Final = "abcdefghijklmnopqrstuvwxyz0123456789"
# Words shorter than this are left alone: one edit away from a three-letter word is a
# hundred other words.
MIN_LENGTH: Final = 4
# Words of a query looked at; a long pasted query is not a typo.
MAX_WORDS: Final = 6
# A word is replaced only by one used in this many times more articles (and at least
# MIN_DOCUMENTS): a rare spelling that the archive has is not corrected into a common one.
RATIO: Final = 10
MIN_DOCUMENTS: Final = 3


def edits(word: str) -> set[str]:
    """Every string one edit away from `word`."""
    letters = ARABIC if any("\u0600" <= c <= "\u06ff" for c in word) else LATIN
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    found = {a + b[1:] for a, b in splits if b}
    found |= {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    found |= {a + c + b[1:] for a, b in splits if b for c in letters}
    found |= {a + c + b for a, b in splits for c in letters}
    found.discard(word)
    return found


def _corrections(words: list[str]) -> dict[str, str]:
    candidates = {word: edits(word) for word in words}
    looked_up = set(words).union(*candidates.values())
    documents = dict(
        SearchTerm.objects.filter(term__in=sorted(looked_up)).values_list("term", "documents")
    )
    corrections = {}
    for word, near in candidates.items():
        found = [(documents[c], c) for c in near if c in documents]
        if not found:
            continue
        count, best = max(found)
        if count >= max(MIN_DOCUMENTS, RATIO * documents.get(word, 0)):
            corrections[word] = best
    return corrections


def suggest(query: str, terms: list[QueryTerm]) -> str | None:
    """The query with its misspelt words corrected, as the reader wrote the others; None if
    no word needs it."""
    words = [t.word for t in terms if not t.stop and len(t.word) >= MIN_LENGTH][:MAX_WORDS]
    if not words:
        return None
    corrections = _corrections(words)
    if not corrections:
        return None
    out = []
    for written in written_words(query):
        tokens = tokenise(written)
        if len(tokens) == 1 and tokens[0] in corrections:
            out.append(corrections[tokens[0]])
        elif tokens:
            out.append(written)
    return " ".join(out)
