"""The Nu HTML Checker (vnu.jar, the W3C validator's engine), run locally on many pages in one
Java process."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

DEFAULT_JAR = Path(__file__).resolve().parents[3] / "node_modules/vnu-jar/build/dist/vnu.jar"


def vnu_jar() -> Path:
    """The checker's jar from `VNU_JAR`, else `node_modules/` (`npm install vnu-jar`); skips
    the calling test, saying why, where it or Java is missing."""
    jar = Path(os.environ.get("VNU_JAR") or DEFAULT_JAR)
    if not jar.exists():
        pytest.skip(f"Nu HTML checker not found at {jar} (npm install vnu-jar, or set VNU_JAR)")
    if shutil.which("java") is None:
        pytest.skip("java not found: the Nu HTML checker needs Java 11 or later")
    return jar


def errors(pages: dict[str, str]) -> dict[str, list[str]]:
    """Each page's errors (warnings ignored) as `line N: message`, by page name."""
    jar = vnu_jar()
    with tempfile.TemporaryDirectory(prefix="vnu-") as folder:
        files = []
        for name, html in pages.items():
            path = Path(folder) / f"{name}.html"
            path.write_text(html, encoding="utf-8")
            files.append(str(path))
        command = ["java", "-jar", str(jar), "--format", "json", "--exit-zero-always", "--stdout"]
        result = subprocess.run(
            [*command, *files], capture_output=True, text=True, timeout=120, check=True
        )
    found: dict[str, list[str]] = {name: [] for name in pages}
    for message in json.loads(result.stdout)["messages"]:
        if message["type"] not in ("error", "non-document-error"):
            continue
        # Messages name the file as a URL (file:/tmp/vnu-…/home.html): the stem is the page.
        name = Path(message.get("url", "?")).stem
        line = message.get("lastLine", "?")
        found.setdefault(name, []).append(f"line {line}: {message['message']}")
    return found
