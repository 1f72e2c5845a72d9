"""Photos of an import, from a local copy of the source's uploads folder; nothing is downloaded.

Each file is stored once (keyed on Wagtail's content hash, so the same upload named by two
posts, or imported twice, is one image). The credit comes from the caption where the paper
printed it there («© أ ف ب», «(رويترز)», «تصوير: …», «AFP»), else from the file's own
IPTC/EXIF (`jarida.images.metadata`, which refuses mojibake). A photo left without a credit
is imported all the same, tagged «بلا حقوق» for editors, and listed in the summary.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

from django.core.files.images import ImageFile
from django.db import transaction
from PIL import UnidentifiedImageError
from PIL.Image import DecompressionBombError
from wagtail.utils.file import hash_filelike
from willow.image import UnrecognisedImageFormatError

from jarida.images.models import NewsImage
from jarida.importers import redirects
from jarida.importers.formats.html_body import upload_key, upload_path
from jarida.importers.records import MediaRef

NO_CREDIT_TAG = "بلا حقوق"
# What reading a file that is not a photo we can store raises: not an image at all, cut short,
# a format Pillow cannot open, a decompression bomb.
UNREADABLE = (
    UnrecognisedImageFormatError,
    UnidentifiedImageError,
    DecompressionBombError,
    OSError,
    ValueError,
)
_AGENCIES = (
    r"أ\s*ف\s*ب|ا\s*ف\s*ب|رويترز|أ\s*ب|الأناضول|واس|وام|سانا|قنا|كونا|بترا|د\s*ب\s*أ|"
    r"AFP|Reuters|AP|Getty(?: Images)?|EPA|Anadolu|Xinhua"
)
_CREDIT_PATTERNS = (
    re.compile(r"(©\s*[^،,.\n()]{2,80})"),
    re.compile(r"((?:تصوير|بعدسة|الصورة\s*(?:من|لـ?))\s*[:：-]?\s*[^،,.\n()]{2,60})"),
    re.compile(rf"\(\s*({_AGENCIES})\s*\)", re.I),
    re.compile(rf"(?:^|[\s/–—-])({_AGENCIES})\s*$", re.I),
    re.compile(r"\b((?:Photo|Credit)\s*:\s*[^,.\n()]{2,60})", re.I),
)


def credit_from_caption(caption: str) -> str:
    """The credit a caption carries, as printed; empty if it carries none."""
    for pattern in _CREDIT_PATTERNS:
        match = pattern.search(caption)
        if match:
            credit = match.group(1).strip()
            return credit if credit.startswith(("©", "تصوير", "بعدسة")) else f"© {credit}"
    return ""


class MediaLibrary:
    """Finds and stores the photos records name; counts what it could not."""

    def __init__(self, root: Path | None) -> None:
        self.root = root.resolve() if root else None
        self.by_hash: dict[str, NewsImage] = {}
        self.stats: Counter[str] = Counter()
        self.without_credit: list[str] = []
        self.linked: set[str] = set()  # old upload paths given a redirect in this run
        self.unreadable: list[str] = []  # files under --media that are no photo we can read

    def forget(self) -> None:
        """After a rolled-back record: images saved in it may be gone, with their redirects."""
        self.by_hash.clear()
        self.linked.clear()

    def image(self, ref: MediaRef, stats: Counter[str]) -> NewsImage | None:
        if self.root is None:
            stats["photos left out (no --media)"] += 1
            return None
        path = self._find(ref)
        if path is None:
            stats["photos missing from --media"] += 1
            return None
        with path.open("rb") as handle:
            digest = hash_filelike(handle)
        image = self.by_hash.get(digest) or NewsImage.objects.filter(file_hash=digest).first()
        if image is None:
            caption = (ref.caption or "")[:500]
            image = NewsImage(
                title=(ref.title or ref.alt or path.stem)[:255],
                caption=caption,
                credit=(credit_from_caption(caption) or ref.credit)[:255],
                description=(ref.alt or "")[:255],
                file_hash=digest,
            )
            try:
                # A savepoint of its own: a file that is no photo fails alone, not the article.
                with transaction.atomic(), path.open("rb") as handle:
                    image.file = ImageFile(handle, name=path.name)
                    image.save()  # reads IPTC/EXIF when the caption gave no credit
            except UNREADABLE as error:
                if image.file and image.file.name:
                    image.file.storage.delete(image.file.name)
                stats["photos unreadable (left out)"] += 1
                self.unreadable.append(f"{ref.path or ref.url}: {type(error).__name__}")
                return None
            if not image.credit:
                image.tags.add(NO_CREDIT_TAG)
                stats["photos without credit"] += 1
                self.without_credit.append(ref.path or ref.url)
            stats["photos imported"] += 1
        else:
            stats["photos already stored (used again)"] += 1
        self.by_hash[digest] = image
        self._keep_old_link(ref, image, stats)
        return image

    def _keep_old_link(self, ref: MediaRef, image: NewsImage, stats: Counter[str]) -> None:
        """The photo's old address on a self-hosted WordPress (`/wp-content/uploads/…`, and
        the resized copy a body named), which shares, other sites and image search still
        link to, answers 301 to the photo's file here."""
        path = urlsplit(ref.url).path
        if "/wp-content/uploads/" not in path or path in self.linked:
            return
        self.linked.add(path)
        if any(
            [redirects.ensure_to_link(old, image.file.url) for old in redirects.normalised([path])]
        ):
            stats["photo links kept"] += 1

    def _find(self, ref: MediaRef) -> Path | None:
        assert self.root is not None
        for relative in dict.fromkeys((ref.path, upload_path(ref.url), upload_key(ref.url))):
            if not relative:
                continue
            candidate = (self.root / relative.lstrip("/")).resolve()
            # Never outside the uploads folder ("../../etc/passwd" in a hostile export).
            if candidate.is_relative_to(self.root) and candidate.is_file():
                return candidate
        return None
