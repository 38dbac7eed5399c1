"""The address of the client behind the request, for django-axes' lock-outs.

Behind PROXY_COUNT reverse proxies the socket's address (REMOTE_ADDR) is the nearest proxy,
the same for everyone; the client is the address the first proxy saw, which it appended to
X-Forwarded-For. Each proxy appends one address, so the client is the PROXY_COUNT-th from
the right: whatever a client writes into the header itself sits further left and is never
read. Without PROXY_COUNT the header is not read at all, since anyone can send it.

django-ipware parses the header (ports, IPv6 brackets, junk). Its own proxy count counts
the addresses after the client's in the header, which is one fewer than the proxies (the
last proxy is REMOTE_ADDR, not in the header); and given REMOTE_ADDR as a second header it
prefers a public address over a private one, which would give an office network's clients
the proxy's address again. So it is asked about X-Forwarded-For alone, here.
"""

from django.conf import settings
from ipware import get_client_ip


def client_address(request) -> str | None:
    proxies = settings.PROXY_COUNT
    if proxies:
        address, _routable = get_client_ip(
            request,
            proxy_count=proxies - 1,
            request_header_order=["HTTP_X_FORWARDED_FOR"],
            strict=False,
        )
        if address:
            return address
    # Not through the proxies (a health check on the host itself), or no proxy at all.
    return request.META.get("REMOTE_ADDR")
