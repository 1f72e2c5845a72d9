"""The shape of the code, held by tests: dependencies run one way, and nothing reaches into
Django's or Wagtail's private attributes.

    arabic ← news ← {newsroom, comments, search, distribution, importers} (cache rules in news)
    pagecache: generic, imports nothing from jarida
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import django
import wagtail

JARIDA = Path(__file__).resolve().parent.parent
FEATURE_APPS = {
    "newsroom",
    "comments",
    "search",
    "distribution",
    "importers",
    "live",
    "newsletters",
    "readership",
}
# Django documents the `_meta` API as public ("Model _meta API").
PUBLIC_UNDERSCORED = {"_meta"}


def sources(app: str) -> list[Path]:
    return [
        path
        for path in (JARIDA / app).rglob("*.py")
        if "tests" not in path.parts and "migrations" not in path.parts
    ]


def imported_modules(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def imports_of(app: str) -> dict[str, set[str]]:
    return {str(path.relative_to(JARIDA)): imported_modules(path) for path in sources(app)}


def test_news_imports_no_feature_app():
    wrong = {
        path: sorted(
            m for m in modules if m.split(".")[:2][-1] in FEATURE_APPS and m.startswith("jarida.")
        )
        for path, modules in imports_of("news").items()
    }
    assert not {path: m for path, m in wrong.items() if m}


def test_the_page_cache_imports_nothing_from_jarida():
    wrong = {
        path: sorted(
            m for m in modules if m.startswith("jarida") and not m.startswith("jarida.pagecache")
        )
        for path, modules in imports_of("pagecache").items()
    }
    assert not {path: m for path, m in wrong.items() if m}


def test_arabic_is_pure_python():
    wrong = {
        path: sorted(
            m
            for m in modules
            if m.split(".")[0] in {"django", "wagtail", "jarida"}
            and not m.startswith("jarida.arabic")
        )
        for path, modules in imports_of("arabic").items()
    }
    assert not {path: m for path, m in wrong.items() if m}


def framework_private_names() -> set[str]:
    """Every `_name` that Django or Wagtail defines (attributes and methods)."""
    names: set[str] = set()
    pattern = re.compile(r"(?:self|cls)\._([a-zA-Z]\w*)\s*=|def _([a-zA-Z]\w*)\(")
    for package in (django, wagtail):
        for path in Path(package.__file__).parent.rglob("*.py"):
            for match in pattern.finditer(path.read_text(errors="ignore")):
                names.add("_" + (match.group(1) or match.group(2)))
    return names


def our_private_names() -> set[str]:
    names: set[str] = set()
    pattern = re.compile(
        r"(?:self|cls|instance)\.(_[a-zA-Z]\w*)\s*=|def (_[a-zA-Z]\w*)\(|^(_[a-zA-Z]\w*)\s*[:=]",
        re.M,
    )
    for path in JARIDA.rglob("*.py"):
        for match in pattern.finditer(path.read_text()):
            names.add(next(group for group in match.groups() if group))
    return names


def test_no_code_uses_django_or_wagtail_private_attributes():
    private = framework_private_names() - our_private_names() - PUBLIC_UNDERSCORED
    uses = re.compile(
        r"""\.(_[a-zA-Z]\w*)\b|(?:get|has|set)attr\([^,]+,\s*["'](_[a-zA-Z]\w*)["']"""
    )
    found = []
    for path in JARIDA.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for number, line in enumerate(path.read_text().splitlines(), 1):
            for match in uses.finditer(line):
                name = match.group(1) or match.group(2)
                if name in private:
                    found.append(f"{path.relative_to(JARIDA)}:{number}: {line.strip()}")
    assert not found, "\n".join(found)
