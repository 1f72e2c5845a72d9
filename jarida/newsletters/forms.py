"""The subscribe form and the preferences form.

The subscribe form carries a signed, dated token (as the comment form does) so the comments'
bot checks apply: a honeypot field and a minimum time to fill (`jarida.comments.policy`'s
`HoneypotRule` and `MinimumTimeRule`, run on the form's answers).
"""

from __future__ import annotations

import time
from typing import Any

from django import forms
from django.core import signing

from jarida.comments import conf as comments_conf
from jarida.comments.policy import HoneypotRule, MinimumTimeRule, Submission, get_policy
from jarida.newsletters.models import NewsletterList

TOKEN_SALT = "jarida.newsletters.form"
BOT_REFUSAL = "تعذّر قبول الطلب. اترك الحقل المخفي فارغاً وأعد الإرسال بعد لحظات."


def make_form_token() -> str:
    return signing.dumps({"t": round(time.time(), 3)}, salt=TOKEN_SALT, compress=False)


def available_lists() -> Any:
    return NewsletterList.objects.filter(enabled=True)


class ListsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: NewsletterList) -> str:
        return obj.name


class SubscribeForm(forms.Form):
    email = forms.EmailField(
        label="بريدك الإلكتروني",
        max_length=254,
        error_messages={
            "required": "اكتب بريدك الإلكتروني.",
            "invalid": "عنوان البريد الإلكتروني غير صحيح.",
        },
        widget=forms.EmailInput(attrs={"dir": "ltr", "autocomplete": "email"}),
    )
    lists = ListsField(
        label="النشرات",
        queryset=NewsletterList.objects.none(),
        to_field_name="slug",
        widget=forms.CheckboxSelectMultiple,
        required=True,
        error_messages={"required": "اختر نشرة واحدة على الأقل."},
    )
    # The honeypot: hidden from people by CSS and from screen readers by aria-hidden.
    website = forms.CharField(
        label="الموقع الإلكتروني (اتركه فارغاً)",
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    token = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lists"].queryset = available_lists()
        if not self.is_bound:
            self.initial.setdefault("token", make_form_token())
            daily = available_lists().filter(kind=NewsletterList.Kind.DAILY).first()
            if daily is not None:
                self.initial.setdefault("lists", [daily.slug])

    def clean_email(self) -> str:
        return str(self.cleaned_data["email"]).strip().lower()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        try:
            payload = signing.loads(
                self.data.get("token", ""),
                salt=TOKEN_SALT,
                max_age=comments_conf.form_max_age(),
            )
            seconds: float | None = max(0.0, time.time() - float(payload["t"]))
        except (signing.BadSignature, KeyError, TypeError, ValueError):
            self.data = self.data.copy()
            self.data["token"] = make_form_token()
            raise forms.ValidationError("تعذّر التحقق من النموذج. أعد الإرسال.") from None
        submission = Submission(
            article_id=0,
            name="",
            body="",
            email=cleaned.get("email", ""),
            seconds_to_fill=seconds,
            honeypot=self.data.get("website", ""),
        )
        policy = get_policy()
        for rule in (HoneypotRule, MinimumTimeRule):
            if rule().check(submission, policy) is not None:
                raise forms.ValidationError(BOT_REFUSAL)
        return cleaned


class PreferencesForm(forms.Form):
    lists = ListsField(
        label="النشرات التي تصلك",
        queryset=NewsletterList.objects.none(),
        to_field_name="slug",
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lists"].queryset = available_lists()
