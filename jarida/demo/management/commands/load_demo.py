"""`manage.py load_demo`: the small original demo paper that `make run` shows.

Built with the same factories as the tests, from the text in `jarida.demo.content`.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import secrets
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.images import ImageFile
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django.utils import timezone

from jarida.comments.models import Comment
from jarida.comments.tests.factories import CommentFactory
from jarida.demo import live as live_content
from jarida.demo.content import ARTICLES, AUTHORS, SECTIONS
from jarida.demo.pictures import draw_picture
from jarida.images.tests.factories import NewsImageFactory
from jarida.live.models import LiveUpdateCorrection
from jarida.live.tests.factories import LiveCoverageFactory, LiveUpdateFactory
from jarida.news.body import body_stream
from jarida.news.models import ArticlePage, HomePage
from jarida.news.tests.factories import (
    ArticleFactory,
    AuthorFactory,
    SectionFactory,
)
from jarida.readership.models import HourlyViews
from jarida.readership.models import refresh as refresh_most_read

DEMO_USERNAME = "admin"


class Command(BaseCommand):
    help = "Load the demo paper (sections, authors, articles, pictures, comments)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--if-empty", action="store_true", help="do nothing if the site already has articles"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["if_empty"] and ArticlePage.objects.exists():
            self.stdout.write("The site has articles already: demo not loaded.")
            return
        with transaction.atomic():
            count = self.load()
            self.read_some()
        self.stdout.write(f"Demo loaded: {count} articles.")
        self.ensure_demo_login()

    def load(self) -> int:
        home = HomePage.objects.get()
        sections = {
            name: SectionFactory(title=name, description=description, parent=home)
            for name, description in SECTIONS
        }
        authors = {name: AuthorFactory(name=name, bio=bio) for name, bio in AUTHORS}
        now = timezone.now()
        top_story = None
        for number, item in enumerate(ARTICLES, start=1):
            image = None
            if picture := item.get("image"):
                data = draw_picture(picture["colours"], picture["motif"], seed=number)
                image = NewsImageFactory(
                    title=item["headline"][:200],
                    file=ImageFile(io.BytesIO(data), name=f"demo-{number}.jpg"),
                    credit=picture["credit"],
                    caption=picture["caption"],
                )
            published = now - dt.timedelta(hours=item["hours_ago"])
            updated = item.get("updated_hours_ago")
            article = ArticleFactory(
                parent=sections[item["section"]],
                title=item["headline"],
                summary=item["summary"],
                body=body_stream(item["body"]),
                lead_image=image,
                first_published_at=published,
                updated_at=now - dt.timedelta(hours=updated) if updated is not None else None,
                authors=[authors[name] for name in item["authors"]],
                tags=item["tags"],
            )
            for minutes, (name, text) in enumerate(item.get("comments", []), start=1):
                comment = CommentFactory(
                    article=article, name=name, body=text, status=Comment.Status.APPROVED
                )
                Comment.objects.filter(pk=comment.pk).update(
                    created_at=published + dt.timedelta(minutes=40 * minutes)
                )
            if item.get("top_story"):
                top_story = article
        if top_story is not None:
            home.top_story = top_story
            home.save_revision().publish()
        self.load_live(sections[live_content.LIVE_SECTION], now)
        return len(ARTICLES)

    def load_live(self, section: Any, now: dt.datetime) -> None:
        """The live coverage (`jarida.demo.live`): a page and its updates, one pinned, one
        with a photo, one corrected."""
        started = now - dt.timedelta(hours=live_content.LIVE_STARTED_HOURS_AGO)
        page = LiveCoverageFactory(
            parent=section,
            title=live_content.LIVE_TITLE,
            summary=live_content.LIVE_SUMMARY,
            first_published_at=started,
        )
        picture = live_content.LIVE_PHOTO
        photo = NewsImageFactory(
            title=picture["caption"][:200],
            file=ImageFile(
                io.BytesIO(draw_picture(picture["colours"], picture["motif"], seed=1717)),
                name="demo-live.jpg",
            ),
            credit=picture["credit"],
            caption=picture["caption"],
        )
        reporters = live_content.LIVE_REPORTERS
        for number, (minutes, title, text, flags) in enumerate(live_content.LIVE_UPDATES):
            body = body_stream([("paragraph", text)])
            if "photo" in flags:
                body.append({"type": "image", "value": {"image": photo.pk, "caption": ""}})
            update = LiveUpdateFactory(
                page=page,
                posted_at=started + dt.timedelta(minutes=minutes),
                title=title,
                body=body,
                author_name=reporters[number % len(reporters)],
                pinned="pin" in flags,
                key_event="key" in flags,
            )
            if "correct" in flags:
                LiveUpdateCorrection.objects.create(
                    update=update,
                    text=live_content.LIVE_CORRECTION,
                    noted_at=update.posted_at + dt.timedelta(minutes=20),
                )

    def read_some(self) -> None:
        """Views for «الأكثر قراءة», as the article pages' beacons would have counted them:
        the newer a demo story, the more it was read."""
        newest = ArticlePage.objects.published().order_by("-first_published_at")[:8]
        for rank, article in enumerate(newest):
            for _ in range(40 - 4 * rank):
                HourlyViews.count(article.pk)
        refresh_most_read()

    def ensure_demo_login(self) -> None:
        """A demo editor account whose password is random and kept in `var/`, never in source."""
        path = settings.VAR_DIR / "demo_login.txt"
        user_model = get_user_model()
        if user_model.objects.filter(username=DEMO_USERNAME).exists() and path.exists():
            return
        password = secrets.token_urlsafe(12)
        user, _ = user_model.objects.get_or_create(
            username=DEMO_USERNAME, defaults={"email": "admin@example.com"}
        )
        user.is_superuser = user.is_staff = True
        user.set_password(password)
        user.save()
        settings.VAR_DIR.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(f"{DEMO_USERNAME} / {password}\n")
        self.stdout.write(f"Demo login written to {path}")
