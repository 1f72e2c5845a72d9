"""Security headers on every response, reader and admin: Content-Security-Policy (django-csp)
and Permissions-Policy. (Referrer-Policy is Django's `SECURE_REFERRER_POLICY`.)

Two policies, chosen by path. Reader pages get the strict one from `CONTENT_SECURITY_POLICY`:
scripts and styles only from this site, and the one inline script (the font-size switch)
allowed by its hash, not a nonce, because reader pages are cached and served to many readers
unchanged. The admin gets `ADMIN_CONTENT_SECURITY_POLICY`: Wagtail's own templates carry
inline scripts (date pickers, inline panels) and its editors set inline styles, so those two
are allowed there, and everything else (other origins, plugins, framing by others, <base>,
forms posting elsewhere) is refused as on the reader side.

The middleware sits outside the page cache, so a page answered from the cache gets the same
headers as a fresh render.
"""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path
from typing import Any

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.http import HttpRequest, HttpResponseBase


def script_hash(path: Path) -> str:
    """The CSP source for an inline script whose content is exactly the file at `path`."""
    digest = hashlib.sha256(path.read_bytes()).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


class SecurityHeadersMiddleware(CSPMiddleware):
    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        response = super().process_response(request, response)
        if settings.PERMISSIONS_POLICY and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = settings.PERMISSIONS_POLICY
        return response

    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and parts.config is None and is_admin(request):
            parts.config = settings.ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"]
        return parts


def is_admin(request: Any) -> bool:
    return request.path_info.startswith(settings.ADMIN_URL_PREFIX)
