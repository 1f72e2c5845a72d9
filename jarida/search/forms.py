"""The search page's form. Every field is optional and a bad value is dropped with a message,
never an error page: the reader still gets results for what they did type correctly."""

from __future__ import annotations

from typing import Any

from django import forms

from jarida.news.models import SectionPage

SORT_CHOICES = [("relevance", "الأكثر صلة"), ("newest", "الأحدث")]


class QueryField(forms.CharField):
    """Free text, NUL bytes and all: the analyser decides what is a word, so nothing a reader
    can type is invalid (Django's CharField rejects NUL with a form error)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.validators: list[Any] = []

    def to_python(self, value: Any) -> str:
        return str(super().to_python(value)).replace("\x00", " ")


class SectionField(forms.ModelChoiceField):
    def to_python(self, value: Any) -> Any:
        # An id too large for the database is simply not a section.
        try:
            return super().to_python(value)
        except OverflowError:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            ) from None


class SearchForm(forms.Form):
    q = QueryField(label="كلمات البحث", required=False)
    section = SectionField(
        label="القسم",
        queryset=SectionPage.objects.none(),
        required=False,
        empty_label="كل الأقسام",
        error_messages={"invalid_choice": "هذا القسم غير موجود؛ البحث يشمل كل الأقسام."},
    )
    date_from = forms.DateField(
        label="من تاريخ",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d"],
        error_messages={"invalid": "تاريخ البداية غير صالح (مثال: 2024-07-23)؛ تُرك جانباً."},
    )
    date_to = forms.DateField(
        label="إلى تاريخ",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d"],
        error_messages={"invalid": "تاريخ النهاية غير صالح (مثال: 2024-07-23)؛ تُرك جانباً."},
    )
    sort = forms.ChoiceField(
        label="الترتيب",
        choices=SORT_CHOICES,
        required=False,
        error_messages={"invalid_choice": "ترتيب غير معروف؛ النتائج مرتبة حسب الصلة."},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Set per request: `public()` reads the view restrictions when it is called.
        section = self.fields["section"]
        assert isinstance(section, SectionField)
        section.queryset = SectionPage.objects.live().public().order_by("path")

    def valid_data(self) -> dict[str, Any]:
        """The fields that were valid; the others are as if left empty."""
        self.is_valid()
        return {name: self.cleaned_data.get(name) for name in self.fields}
