"""Subset the self-hosted Arabic fonts into `jarida/static/jarida/fonts/` (WOFF2).

The reader site uses Noto Naskh Arabic for text and Noto Kufi Arabic for headlines (SIL Open
Font License 1.1). Subset to the Arabic block, the joiners and the punctuation the paper
prints, keeping every OpenType layout feature (Arabic shaping needs them), they weigh a third
of the full fonts. Run by hand when a font changes; nothing is fetched at run time:

    apt-get install fonts-noto-core   # Debian's copy of the Noto fonts
    .venv/bin/python scripts/subset_fonts.py [FONT_DIR]
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset

FONTS = {
    "NotoNaskhArabic-Regular.ttf": "noto-naskh-arabic-400.woff2",
    "NotoNaskhArabic-Bold.ttf": "noto-naskh-arabic-700.woff2",
    "NotoKufiArabic-Bold.ttf": "noto-kufi-arabic-700.woff2",
}
# The Arabic block (letters, harakat, Arabic-Indic digits, ، ؛ ؟), ZWNJ/ZWJ and direction
# marks, dashes and quotation marks; must match the @font-face unicode-range in reader.css.
UNICODES = "U+0600-06FF,U+200C-200F,U+2010-2027,U+FD3E-FD3F"
OUT = Path(__file__).resolve().parent.parent / "jarida" / "static" / "jarida" / "fonts"


def main(font_dir: Path) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for source, target in FONTS.items():
        options = subset.Options()
        options.flavor = "woff2"
        options.layout_features = ["*"]
        options.name_IDs = ["*"]  # keep the copyright and licence names
        options.notdef_outline = True
        font = subset.load_font(str(font_dir / source), options)
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=subset.parse_unicodes(UNICODES))
        subsetter.subset(font)
        subset.save_font(font, str(OUT / target), options)
        print(f"{target}: {(OUT / target).stat().st_size / 1024:.1f} KB")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("/usr/share/fonts/truetype/noto"))
