"""«هل تقصد»: a spelling suggestion from the index's own vocabulary.

For a query that finds little, each of its words is compared with the words of the published
archive (`SearchTerm`, normalised forms and how many articles use each): the words one edit
away (a letter dropped, added, changed, or two swapped: Damerau-Levenshtein distance 1, over
normalised forms, so hamza and ة/ه are not edits) are looked up in one query, and the one used
by the most articles replaces the reader's word if it is used far more often than the word
itself. The reader's query is never replaced: the page offers the suggestion as a link.

The same look-up widens the search (`jarida.search.query`, the "spelling neighbours" layer):
a word the archive does not know as typed (اوبما, روحني) is also looked for as its most used
known neighbours, as Lucene's fuzzy queries do, so a misspelt name in a query of several words
still finds its article; the suggestion tells the reader which spelling was meant. A word the
archive knows is never widened.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from jarida.arabic.analysis import QueryTerm, tokenise, written_words
from jarida.search.models import SearchTerm

__all__ = ["Spelling", "edits"]

# The letters of normalised Arabic (no hamza seats, ى, ة or Persian letters remain), and of
# Latin words and digits.
ARABIC: Final = "ءابتثجحخدذرزسشصضطظعغفقكلمنهوي"
LATIN: Final = "abcdefghijklmnopqrstuvwxyz0123456789"
# Words shorter than this are left alone: one edit away from a three-letter word is a
# hundred other words.
MIN_LENGTH: Final = 4
# Words of a query looked at; a long pasted query is not a typo.
MAX_WORDS: Final = 6
# A word is unknown if fewer articles than this use it as typed; a neighbour is offered if
# at least this many do, and RATIO times as many as use the word: a rare spelling that the
# archive has is not corrected into a common one.
MIN_DOCUMENTS: Final = 3
RATIO: Final = 10


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


@dataclass(frozen=True)
class Spelling:
    """What the vocabulary says of a query's words: the ones it does not know (used by fewer
    than MIN_DOCUMENTS articles, as typed), and the words one edit away from each of those
    that it does know, most used first."""

    neighbours: dict[str, list[str]]

    @classmethod
    def of(cls, terms: list[QueryTerm]) -> Spelling:
        """One look-up for the query's words in every form it searches (الوزير, وزير...),
        and one for the neighbours of those that none of their forms makes known."""
        looked = [t for t in terms if not t.stop and len(t.word) >= MIN_LENGTH][:MAX_WORDS]
        if not looked:
            return cls({})
        known = dict(
            SearchTerm.objects.filter(
                term__in=sorted({form for t in looked for form in t.exact_forms})
            ).values_list("term", "documents")
        )
        unknown = [
            t.word
            for t in looked
            if max(known.get(form, 0) for form in t.exact_forms) < MIN_DOCUMENTS
        ]
        if not unknown:
            return cls({})
        candidates = {word: edits(word) for word in unknown}
        documents = dict(
            SearchTerm.objects.filter(
                term__in=sorted(set().union(*candidates.values())),
                documents__gte=MIN_DOCUMENTS,
            ).values_list("term", "documents")
        )
        neighbours = {}
        for word, near in candidates.items():
            floor = RATIO * known.get(word, 0)
            found = sorted(
                ((documents[c], c) for c in near if c in documents and documents[c] >= floor),
                reverse=True,
            )
            if found:
                neighbours[word] = [c for _, c in found]
        return cls(neighbours)

    def suggestion(self, query: str) -> str | None:
        """The query with each unknown word replaced by its most used neighbour, as the reader
        wrote the others; None if no word has one."""
        if not self.neighbours:
            return None
        out = []
        for written in written_words(query):
            tokens = tokenise(written)
            if len(tokens) == 1 and tokens[0] in self.neighbours:
                out.append(self.neighbours[tokens[0]][0])
            elif tokens:
                out.append(written)
        return " ".join(out)
