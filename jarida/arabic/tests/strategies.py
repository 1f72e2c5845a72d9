"""Hypothesis strategies and settings shared by the property tests.

Random Unicode rarely produces the characters that break Arabic text handling, so `texts`
mixes general text with a pool of the troublemakers: hamza forms, harakat, tatweel,
presentation forms, bidi and zero-width controls, exotic spaces and line breaks, both
Arabic-Indic digit sets, Persian letters, emoji sequences and Latin letters whose case or
normal form changes.
"""

from __future__ import annotations

from hypothesis import settings
from hypothesis import strategies as st

# deadline=None: the first call into Babel or the Unicode tables can be slow and would flake;
# database=None: no .hypothesis/ directory in the checkout.
PROPERTY = settings(max_examples=150, deadline=None, database=None)

TROUBLEMAKERS = (
    # letters, hamza forms, alef maksura, teh marbuta
    "ابتثيوهلءأإآٱٲٳٵؤئٶٸىة"
    # harakat, shadda, superscript alef, Quranic marks, the combining hamza and madda
    "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0653\u0654\u0655\u0670\u06d6\u06db"
    "\u06de\u06e9\u0610"
    # tatweel
    "\u0640"
    # presentation forms: letters, lam-alef, isolated harakat, honorifics
    "\ufe91\ufef4\ufeae\ufeed\ufe95\ufefb\ufef7\ufe70\ufe71\ufe76\ufc5e\ufdf2\ufdfa\ufdfc"
    # bidi controls, zero-width characters, soft hyphen, variation selector
    "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
    "\u200b\u200c\u200d\u2060\ufeff\u00ad\ufe0f"
    # spaces, line breaks and controls
    " \t\n\r\x0b\x0c\x85\u2028\u2029\u00a0\u2000\u2001\u2009\u202f\u3000\x00\x1f\x7f"
    # digits
    "0129٠١٢٩۰۱۲۹²①"
    # Arabic punctuation, quotes, underscore, hyphen
    "،؛؟«»_-.!"
    # Persian and Urdu letters
    "یېۍےۓکڪەہۂۀھ"
    # emoji and symbols that take part in ZWJ sequences
    "😀👨👩🏳🌈🔥♀⇐\u0338\U0001d15e\U0001f3fd"
    # Latin whose case or normal form is tricky
    "aZéE\u0301İǰßﬁℌＡ\u0307"
)

troublemakers = st.text(alphabet=st.sampled_from(TROUBLEMAKERS), max_size=30)
arabic_block = st.text(
    alphabet=st.characters(min_codepoint=0x0600, max_codepoint=0x06FF), max_size=30
)

# What the properties run on: mostly troublemakers, sometimes any Unicode at all.
texts = st.one_of(troublemakers, troublemakers, arabic_block, st.text(max_size=30))
