import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jarida.settings")

django_application = get_wsgi_application()

# Imported once the apps are loaded (the page cache reads the page models). Page-cache hits
# are answered in front of Django's handler: see jarida.pagecache.wsgi.
from jarida.pagecache.wsgi import PageCacheApplication  # noqa: E402

application = PageCacheApplication(django_application)
