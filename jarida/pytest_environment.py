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

# With Redis (the production profile's cache), each xdist worker uses its own database
# number: tests empty the cache between them, and must not empty another worker's.
if redis_url := os.environ.get("REDIS_URL"):
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw")
    base = redis_url.rsplit("/", 1)[0] if redis_url.count("/") > 2 else redis_url
    os.environ["REDIS_URL"] = f"{base}/{1 + int(worker or 0) % 15}"
