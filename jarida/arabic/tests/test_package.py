import ast
from pathlib import Path

import jarida.arabic

PACKAGE = Path(jarida.arabic.__file__).parent


def test_the_package_exports_its_public_api() -> None:
    assert set(jarida.arabic.__all__) == {
        "AnalysedText",
        "QueryTerm",
        "analyse",
        "analyse_query",
        "stem",
        "tokenise",
        "HijriDate",
        "MonthStyle",
        "city_time_zone",
        "clean",
        "format_date_line",
        "format_hijri",
        "format_long_date",
        "format_month_year",
        "format_time",
        "month_name",
        "normalise",
        "normalize",
        "slugify",
        "strip_harakat",
        "strip_tatweel",
        "to_arabic_indic_digits",
        "to_hijri",
        "to_latin_digits",
        "to_local",
        "validate_locale",
    }
    for name in jarida.arabic.__all__:
        assert getattr(jarida.arabic, name) is not None


def test_the_package_never_imports_django_or_wagtail() -> None:
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                modules = [node.module or ""]
            else:
                continue
            for module in modules:
                assert module.split(".")[0] not in {"django", "wagtail"}, f"{path}: {module}"
