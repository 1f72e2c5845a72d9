"""The reader's comment form: its shape only. What the comment says is the policy's business.

The form carries a signed token made when it was served: it ties the form to its article,
dates it (for the minimum time to fill and for expiry), and holds a nonce that makes one
submission of one text idempotent. An expired or forged token is not an attack worth a 403:
the reader gets the form back, text kept, with a fresh token.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from typing import Any

from django import forms
from django.core import signing

from jarida.arabic import clean
from jarida.comments import conf
from jarida.comments.models import Comment

TOKEN_SALT = "jarida.comments.form"
MAX_NAME = 80
MAX_BODY = 2000


def make_token(article_id: int) -> str:
    payload = {"a": article_id, "t": round(time.time(), 3), "n": secrets.token_urlsafe(12)}
    return signing.dumps(payload, salt=TOKEN_SALT, compress=False)


class CommentForm(forms.Form):
    name = forms.CharField(
        label="الاسم",
        max_length=MAX_NAME,
        error_messages={
            "required": "اكتب اسمك.",
            "max_length": f"الاسم أطول من {MAX_NAME} حرفاً.",
        },
        widget=forms.TextInput(attrs={"dir": "auto", "autocomplete": "name"}),
    )
    email = forms.EmailField(
        label="البريد الإلكتروني",
        help_text="اختياري، ولا يُنشر.",
        required=False,
        max_length=254,
        error_messages={"invalid": "عنوان البريد الإلكتروني غير صحيح."},
        widget=forms.EmailInput(attrs={"dir": "ltr", "autocomplete": "email"}),
    )
    body = forms.CharField(
        label="تعليقك",
        help_text=f"نص عادي، حتى {MAX_BODY} حرف. لا تُفعَّل الروابط.",
        # No max_length here: the length is counted in clean_body, after invisible characters
        # are gone, so 2,000 letters and a stray RLO still fit.
        strip=False,
        error_messages={"required": "اكتب تعليقك."},
        widget=forms.Textarea(attrs={"dir": "auto", "rows": 6, "maxlength": MAX_BODY}),
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)
    # The honeypot: hidden from people by CSS and from screen readers by aria-hidden.
    website = forms.CharField(
        label="الموقع الإلكتروني (اتركه فارغاً)",
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    token = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, article_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.article_id = article_id
        self.parent_comment: Comment | None = None
        self.seconds_to_fill: float | None = None
        self.nonce = ""
        if not self.is_bound:
            self.initial.setdefault("token", make_token(article_id))

    def _renew_token(self) -> None:
        """Serve the form again with a fresh token, keeping everything the reader typed."""
        self.data = self.data.copy()
        self.data["token"] = make_token(self.article_id)

    def clean_name(self) -> str:
        name = " ".join(clean(self.cleaned_data["name"]).split())
        if not name:
            raise forms.ValidationError("اكتب اسمك.")
        return name

    def clean_body(self) -> str:
        body = clean(self.cleaned_data["body"]).strip()
        if not body:
            raise forms.ValidationError("اكتب تعليقك.")
        if len(body) > MAX_BODY:
            raise forms.ValidationError(f"التعليق أطول من {MAX_BODY} حرف ({len(body)}).")
        return body

    def clean_email(self) -> str:
        return str(self.cleaned_data.get("email") or "").strip().lower()

    def _find_parent(self, parent_id: int) -> Comment | None:
        parent = (
            Comment.objects.approved()
            .filter(pk=parent_id, article_id=self.article_id)
            .select_related("parent")
            .first()
        )
        # One level of replies: a reply to a reply answers the thread's first comment.
        return parent.parent if parent is not None and parent.parent_id else parent

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("parent") is not None:
            # A hidden field's error would be invisible: it is the form's error.
            self.parent_comment = self._find_parent(cleaned["parent"])
            if self.parent_comment is None:
                raise forms.ValidationError("التعليق الذي تردّ عليه لم يعد منشوراً.")
            cleaned["parent"] = self.parent_comment.pk
        try:
            payload = signing.loads(
                self.data.get("token", ""), salt=TOKEN_SALT, max_age=conf.form_max_age()
            )
        except signing.SignatureExpired:
            self._renew_token()
            raise forms.ValidationError(
                "انتهت صلاحية النموذج لطول المدة منذ فتحه. نصّك محفوظ؛ أرسله مرة أخرى."
            ) from None
        except signing.BadSignature:
            payload = None
        if not isinstance(payload, dict) or payload.get("a") != self.article_id:
            self._renew_token()
            raise forms.ValidationError("تعذّر التحقق من النموذج. نصّك محفوظ؛ أرسله مرة أخرى.")
        self.seconds_to_fill = max(0.0, time.time() - float(payload["t"]))
        self.nonce = str(payload["n"])
        return cleaned

    def submission_key(self, fingerprint: str) -> str:
        """One key per (served form, text): the same form sent twice makes one comment."""
        return hashlib.sha256(f"{self.nonce}:{fingerprint}".encode()).hexdigest()
