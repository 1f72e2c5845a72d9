"""Test-run environment, loaded as a pytest plugin (`-p` in pyproject) so it runs before
pytest-django reads the settings.

Each run, and each xdist worker in it, gets its own throwaway var folder: its own SQLite test
database file, file cache and generated secret key, never the developer's var/ and never
another run's (two runs at once must not share a test database).
"""

import atexit
import os
import shutil
import tempfile

if "JARIDA_TEST_VAR_DIR" not in os.environ:
    os.environ["JARIDA_TEST_VAR_DIR"] = tempfile.mkdtemp(prefix="jarida-test-")
    atexit.register(shutil.rmtree, os.environ["JARIDA_TEST_VAR_DIR"], ignore_errors=True)
os.environ["JARIDA_VAR_DIR"] = os.path.join(
    os.environ["JARIDA_TEST_VAR_DIR"], os.environ.get("PYTEST_XDIST_WORKER", "main")
)
# Connections are not kept between requests in tests: the live server's thread would
# otherwise hold the PostgreSQL test database open at teardown.
os.environ["DATABASE_CONN_MAX_AGE"] = "0"
