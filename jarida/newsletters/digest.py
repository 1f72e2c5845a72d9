"""What goes into an edition: the morning digest's stories, and a breaking alert's one.

Every story comes from `ArticlePage.objects.published()`: a mail never carries what a reader
could not open.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from jarida.news.models import ArticlePage, HomePage
from jarida.newsletters import conf


@dataclass
class Digest:
    lead: ArticlePage | None
    sections: list[tuple[Any, list[ArticlePage]]] = field(default_factory=list)

    @property
    def article_ids(self) -> list[int]:
        ids = [self.lead.pk] if self.lead else []
        return ids + [a.pk for _, stories in self.sections for a in stories]

    def __bool__(self) -> bool:
        return bool(self.article_ids)


def daily_digest(now: dt.datetime | None = None) -> Digest:
    """The lead story (the front page's top story if it is from the last 24 hours, else the
    newest), then each section's newest stories of the last 24 hours, each story once."""
    now = now or timezone.now()
    recent = (
        ArticlePage.objects.published()
        .filter(first_published_at__gt=now - dt.timedelta(hours=24), first_published_at__lte=now)
        .newest_first()
        .select_related("lead_image")
    )
    home = HomePage.objects.first()
    stories = list(recent[:500])
    lead = None
    if home is not None and home.top_story_id:
        lead = next((a for a in stories if a.pk == home.top_story_id), None)
    if lead is None and stories:
        lead = stories[0]
    digest = Digest(lead)
    if home is None:
        return digest
    per_section = conf.stories_per_section()
    for section in home.public_sections():
        picked = [a for a in stories if home.section_of(a) == section and a is not lead]
        picked = picked[:per_section]
        if picked:
            digest.sections.append((section, picked))
    return digest


def section_digest(section: Any, now: dt.datetime | None = None) -> Digest:
    """A section's edition: its top stories of the 24 hours before `now` (the front page's
    top story first if it is one of them, then the newest), the first as the lead. Empty
    when the section had no new story, or readers cannot see the section."""
    now = now or timezone.now()
    home = HomePage.objects.first()
    if home is None or all(s.pk != section.pk for s in home.public_sections()):
        return Digest(None)
    stories = list(
        ArticlePage.objects.published()
        .descendant_of(section)
        .filter(first_published_at__gt=now - dt.timedelta(hours=24), first_published_at__lte=now)
        .newest_first()
        .select_related("lead_image")[: conf.section_stories()]
    )
    stories.sort(key=lambda a: a.pk != home.top_story_id)  # stable: the rest stay newest first
    if not stories:
        return Digest(None)
    return Digest(stories[0], [(None, stories[1:])] if stories[1:] else [])


def digest_of(article_ids: list[int]) -> Digest:
    """An edition's stories again, in the editors' order (the first is the lead), as far as
    they are still public."""
    if not article_ids:
        return Digest(None)
    home = HomePage.objects.first()
    found = ArticlePage.objects.published().select_related("lead_image").in_bulk(article_ids)
    ordered = [found[pk] for pk in article_ids if pk in found]
    if not ordered:
        return Digest(None)
    digest = Digest(ordered[0])
    # The mail follows the list exactly: a section's heading opens each run of its stories,
    # so a story an editor moved past another section's is shown where they put it.
    for article in ordered[1:]:
        section = home.section_of(article) if home is not None else None
        if digest.sections and _same(digest.sections[-1][0], section):
            digest.sections[-1][1].append(article)
        else:
            digest.sections.append((section, [article]))
    return digest


def _same(one: Any, other: Any) -> bool:
    return getattr(one, "pk", None) == getattr(other, "pk", None)
