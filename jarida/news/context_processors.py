from django.conf import settings
from django.http import HttpRequest


def newsroom(request: HttpRequest) -> dict[str, str]:
    """Constants every reader template prints; no queries here (this runs for the admin too)."""
    return {"site_name": settings.SITE_NAME, "city": settings.NEWSROOM_CITY}
