"""The mail itself, as providers require it.

An edition is rendered once: its HTML (RTL, inline CSS, under Gmail's 102 KB clipping limit,
images with width, height and alt) and its text part are stored on the edition with a marker
where each recipient's own preferences link goes. Each recipient's message is then that one
rendering with the marker replaced, plus the headers bulk mail needs: List-Unsubscribe (mailto
and https), List-Unsubscribe-Post (RFC 8058 one-click), List-Id, and a Message-ID on the
paper's own domain. Django encodes the Arabic subject (RFC 2047) and the bodies (UTF-8).
"""

from __future__ import annotations

import email.message
import textwrap
from email.header import Header
from typing import Any

from django.core.mail import EmailMultiAlternatives
from django.core.mail.message import make_msgid
from django.template.loader import render_to_string
from django.urls import reverse

from jarida.news.models import ArticlePage
from jarida.newsletters import conf, tokens, tracking
from jarida.newsletters.digest import Digest
from jarida.newsletters.models import Edition, NewsletterList, Subscriber

MAX_HTML_BYTES = 102 * 1024
PREFS_MARKER = "__JARIDA_PREFERENCES_URL__"
UNSUBSCRIBE_MARKER = "__JARIDA_UNSUBSCRIBE_URL__"


class PaperMessage(EmailMultiAlternatives):
    """Django's message with the Arabic subject folded after "Subject: ", not before its
    first encoded word: Django's own folding leaves an empty first line, which readers of
    the raw header decode with a leading space."""

    def message(self) -> Any:
        msg = super().message()
        if not self.subject.isascii():
            del msg["Subject"]
            header = Header(self.subject, "utf-8", header_name="Subject")
            email.message.Message.__setitem__(msg, "Subject", header)
        return msg


def absolute(path: str) -> str:
    return path if path.startswith(("http://", "https://")) else conf.site_url() + path


def short_url(article: ArticlePage) -> str:
    """The article's `/a/<id>/` link: it survives a changed headline or section."""
    return absolute(reverse("news:article_by_id", args=[article.pk]))


def _image(article: ArticlePage) -> dict[str, Any] | None:
    image = article.lead_image
    if image is None:
        return None
    rendition = image.get_rendition("fill-600x338|format-jpeg")
    alt = article.lead_image_caption or getattr(image, "caption", "") or article.title
    return {"url": absolute(rendition.url), "width": 600, "height": 338, "alt": alt}


def _story(article: ArticlePage, with_image: bool = False, tracked: bool = False) -> dict[str, Any]:
    url = short_url(article)
    return {
        "title": article.title,
        "summary": article.summary,
        # The HTML part's link (counted when the paper tracks clicks); the text part always
        # carries the plain short link.
        "url": tracking.click_url(url) if tracked else url,
        "plain_url": url,
        "image": _image(article) if with_image else None,
    }


def render_edition(
    newsletter: NewsletterList, subject: str, intro: str, digest: Digest
) -> tuple[str, str]:
    """The edition's HTML and text, rendered once, with the recipient's links as markers.
    Sections are shortened from the end until the HTML fits in 102 KB. With
    NEWSLETTER_TRACKING on, the HTML has an open pixel and counted links (`tracking`)."""
    tracked = tracking.enabled()
    lead = _story(digest.lead, with_image=True, tracked=tracked) if digest.lead else None
    sections = [
        {
            "title": section.title if section else "",
            "stories": [_story(a, tracked=tracked) for a in stories],
        }
        for section, stories in digest.sections
    ]
    while True:
        context = {
            "site_name": conf.get_site_name(),
            "site_url": conf.site_url(),
            "newsletter": newsletter,
            "subject": subject,
            "intro": intro,
            "lead": lead,
            "sections": sections,
            "preferences_url": PREFS_MARKER,
            "unsubscribe_url": UNSUBSCRIBE_MARKER,
            "pixel_url": tracking.pixel_url() if tracked else "",
        }
        html = short_lines(render_to_string("newsletters/mail/edition.html", context))
        if len(html.encode()) <= MAX_HTML_BYTES - 1024 or not any(s["stories"] for s in sections):
            break
        longest = max(sections, key=lambda s: len(s["stories"]))
        longest["stories"].pop()
        sections = [s for s in sections if s["stories"]]
    text = render_to_string("newsletters/mail/edition.txt", context)
    text = "\n".join(
        textwrap.fill(line, 300, break_long_words=False) if len(line.encode()) > 900 else line
        for line in text.split("\n")
    )
    return html, text


def short_lines(html: str, limit: int = 300) -> str:
    """HTML with no line longer than about `limit` characters: lines are broken at a space
    in text (outside tags), where a newline means the same. A line over 998 bytes would
    make the part quoted-printable, and then every recipient's copy a fresh MIME build."""
    out: list[str] = []
    for line in html.split("\n"):
        if len(line.encode()) <= 900:
            out.append(line)
            continue
        current: list[str] = []
        length, in_tag = 0, False
        for char in line:
            if char == "<":
                in_tag = True
            elif char == ">":
                in_tag = False
            if char == " " and not in_tag and length >= limit:
                out.append("".join(current))
                current, length = [], 0
                continue
            current.append(char)
            length += 1
        out.append("".join(current))
    return "\n".join(out)


def preferences_url(subscriber: Subscriber, token: str | None = None) -> str:
    token = token or tokens.preferences_token(subscriber.pk, subscriber.token_version)
    return absolute(reverse("newsletters:preferences", args=[token]))


def unsubscribe_url(subscriber: Subscriber, token: str | None = None) -> str:
    token = token or tokens.preferences_token(subscriber.pk, subscriber.token_version)
    return absolute(reverse("newsletters:unsubscribe", args=[token]))


def list_id(newsletter: NewsletterList) -> str:
    return f"<{newsletter.slug}.newsletters.{conf.mail_domain()}>"


def edition_message(
    edition: Edition,
    subscriber: Subscriber,
    *,
    token: str | None = None,
    message_id: str | None = None,
) -> PaperMessage:
    """One recipient's copy of an edition: the stored rendering and this reader's links."""
    token = token or tokens.preferences_token(subscriber.pk, subscriber.token_version)
    prefs = preferences_url(subscriber, token)
    one_click = unsubscribe_url(subscriber, token)
    mailto = f"mailto:unsubscribe@{conf.mail_domain()}?subject=unsubscribe%20{token}"
    message = PaperMessage(
        subject=edition.subject,
        body=edition.text.replace(PREFS_MARKER, prefs).replace(UNSUBSCRIBE_MARKER, prefs),
        from_email=conf.from_email(),
        to=[subscriber.email],
        headers={
            "Message-ID": f"<{message_id}@{conf.mail_domain()}>"
            if message_id
            else make_msgid(f"e{edition.pk}.s{subscriber.pk}", conf.mail_domain()),
            "List-Id": list_id(edition.newsletter),
            "List-Unsubscribe": f"<{mailto}>, <{one_click}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Precedence": "bulk",
        },
    )
    html = edition.html.replace(PREFS_MARKER, prefs).replace(UNSUBSCRIBE_MARKER, prefs)
    if edition.tracked:
        html = tracking.personalise(html, edition.pk, token)
    message.attach_alternative(html, "text/html")
    return message


def confirmation_message(address: str, lists: list[NewsletterList]) -> PaperMessage:
    """The double opt-in mail: one signed link, valid 48 hours. The same mail whether the
    address is new, pending or already subscribed (the form says nothing either way)."""
    token = tokens.confirm_token(address, [n.slug for n in lists])
    context = {
        "site_name": conf.get_site_name(),
        "confirm_url": absolute(reverse("newsletters:confirm", args=[token])),
        "lists": lists,
        "hours": conf.confirm_max_age() // 3600,
    }
    message = PaperMessage(
        subject=f"أكّد اشتراكك في نشرات {context['site_name']}",
        body=render_to_string("newsletters/mail/confirm.txt", context),
        from_email=conf.from_email(),
        to=[address],
        headers={"Message-ID": make_msgid("confirm", conf.mail_domain())},
    )
    message.attach_alternative(
        render_to_string("newsletters/mail/confirm.html", context), "text/html"
    )
    return message


TOKEN_MARKER = "JARIDATOKENMARKER"
ID_MARKER = "JARIDAMESSAGEIDMARKER"
TO_MARKER = "jarida-recipient-marker@invalid.example"


class EditionBytes:
    """An edition's whole message serialised once, with markers where each recipient's
    address, Message-ID and signed token go: a copy for one recipient is three byte
    replacements, not a MIME build (the bench's 100,000 messages stay one rendering).

    The parts are UTF-8 in 8bit (Django's choice for lines under 998 bytes), so the ASCII
    markers are there verbatim; if an edition's parts had to be quoted-printable and a
    marker did not survive, `usable` is False and each copy is built as a message."""

    def __init__(self, edition: Edition) -> None:
        self.edition = edition
        self.sender = conf.from_email()
        stand_in = Subscriber(pk=0, email=TO_MARKER)
        message = edition_message(edition, stand_in, token=TOKEN_MARKER, message_id=ID_MARKER)
        self.raw = message.message().as_bytes(linesep="\r\n")
        prefs = preferences_url(stand_in, TOKEN_MARKER)
        self.usable = (
            self.raw.count(TO_MARKER.encode()) == 1
            and self.raw.count(f"<{ID_MARKER}@".encode()) == 1
            and self.raw.count(prefs.encode()) >= 2  # the text part and the HTML part
        )

    def message_id(self, subscriber: Subscriber) -> str:
        return make_msgid(f"e{self.edition.pk}.s{subscriber.pk}", conf.mail_domain())

    def for_recipient(self, subscriber: Subscriber) -> tuple[bytes, str]:
        """The bytes to send to `subscriber`, and their Message-ID."""
        token = tokens.preferences_token(subscriber.pk, subscriber.token_version)
        message_id = self.message_id(subscriber)
        raw = (
            self.raw.replace(TOKEN_MARKER.encode(), token.encode())
            .replace(f"<{ID_MARKER}@{conf.mail_domain()}>".encode(), message_id.encode())
            .replace(TO_MARKER.encode(), subscriber.email.encode())
        )
        return raw, message_id
