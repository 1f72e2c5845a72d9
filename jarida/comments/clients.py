"""Who is posting, as far as the site needs to know: a salted hash of the client's address.

The address itself is never stored or used as a cache key. Behind a proxy, X-Forwarded-For is
believed only when the request came from a proxy listed in COMMENTS_TRUSTED_PROXIES, and then
only up to the first hop that is not a listed proxy: everything left of it is whatever the
client chose to send.
"""

from __future__ import annotations

import ipaddress

from django.http import HttpRequest
from django.utils.crypto import salted_hmac

from jarida.comments import conf

Address = ipaddress.IPv4Address | ipaddress.IPv6Address


def _parse(value: str) -> Address | None:
    try:
        return ipaddress.ip_address(value.strip())
    except ValueError:
        return None


def client_address(request: HttpRequest) -> Address | None:
    """The client's address: REMOTE_ADDR, or the nearest untrusted X-Forwarded-For hop."""
    address = _parse(request.META.get("REMOTE_ADDR", ""))
    proxies = conf.trusted_proxies()
    if address is None or not proxies:
        return address

    def trusted(a: Address) -> bool:
        return any(a in network for network in proxies)

    if not trusted(address):
        return address
    hops = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    for hop in reversed([h for h in hops if h.strip()]):
        parsed = _parse(hop)
        if parsed is None:
            break  # garbage from the client: stop at the last address a proxy vouched for
        address = parsed
        if not trusted(parsed):
            break
    return address


def client_hash(request: HttpRequest) -> str:
    """The salted hash that stands for the client in the database and in rate-limit keys.

    An IPv6 client is its /64, as one household or phone usually holds a whole /64 and could
    otherwise step around a limit by changing the last bits.
    """
    return hash_address(client_address(request))


def hash_address(address: Address | None) -> str:
    """The salted hash of one address (an importer hashes the addresses a source kept)."""
    if address is None:
        key = "unknown"
    elif address.version == 6:
        key = str(ipaddress.ip_network(f"{address}/64", strict=False).network_address)
    else:
        key = str(address)
    return salted_hmac(
        "jarida.comments.client", key, secret=conf.ip_hash_secret(), algorithm="sha256"
    ).hexdigest()
