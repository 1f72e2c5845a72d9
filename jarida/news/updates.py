"""When is a change an update that readers are told about?

`آخر تحديث` on an article must move for news, never for a typo fix. The editor can say so
(the «تحديث جوهري» box), and a large enough change to the text counts by itself: the share of
words that differ between the published version and the new one, from difflib's matching
blocks, above `NEWSROOM_SUBSTANTIVE_CHANGE` (default 0.15).
"""

from __future__ import annotations

from difflib import SequenceMatcher

from jarida.arabic import normalise


def changed_fraction(before: str, after: str) -> float:
    """Share of words changed between two texts, 0.0 (same) to 1.0 (nothing in common).

    Compared after Arabic normalisation, so adding harakat or fixing a hamza is no change."""
    old, new = normalise(before).split(), normalise(after).split()
    if not old and not new:
        return 0.0
    matcher = SequenceMatcher(None, old, new, autojunk=False)
    same = sum(block.size for block in matcher.get_matching_blocks())
    return 1.0 - same / max(len(old), len(new))


def is_substantive(before: str, after: str, threshold: float) -> bool:
    return changed_fraction(before, after) > threshold
