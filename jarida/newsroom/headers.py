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
headers as a fresh render. Both policies are built once, when the middleware is made: neither
depends on the request but for its path, and no view relaxes its own (django-csp's per-view
decorators and nonces are not used: reader pages are cached, so a nonce could not vary). Built
per response, as django-csp's middleware does, they cost a cache hit about a fifth of its time.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from csp.utils import build_policy
from django.conf import settings
from django.http import HttpRequest, HttpResponseBase

CSP_HEADER = "Content-Security-Policy"


def script_hash(path: Path) -> str:
    """The CSP source for an inline script whose content is exactly the file at `path`."""
    digest = hashlib.sha256(path.read_bytes()).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response
        self.reader_policy = build_policy(config=settings.CONTENT_SECURITY_POLICY["DIRECTIVES"])
        self.admin_policy = build_policy(
            config=settings.ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"]
        )
        self.permissions_policy: str = settings.PERMISSIONS_POLICY

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if CSP_HEADER not in response:
            response[CSP_HEADER] = self.admin_policy if is_admin(request) else self.reader_policy
        if self.permissions_policy and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = self.permissions_policy
        return response


def is_admin(request: Any) -> bool:
    return request.path_info.startswith(settings.ADMIN_URL_PREFIX)
