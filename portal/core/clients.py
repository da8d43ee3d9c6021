"""Which client a request comes from, as the rate limits, sign-in back-off and upload budgets count it.

An IPv4 address is one client. An IPv6 address is grouped by its /64: one home or mobile connection is given a whole
/64, so counting each of its 2^64 addresses apart would let one client past every limit.
"""

from __future__ import annotations

import ipaddress


def group(address: str | None) -> str:
    """The client an address belongs to: the IPv4 address itself, or the IPv6 /64 it is in."""
    if not address:
        return "unknown"
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address[:64]
    if isinstance(parsed, ipaddress.IPv6Address):
        mapped = parsed.ipv4_mapped
        if mapped is not None:
            return str(mapped)
        return str(ipaddress.IPv6Network(f"{parsed}/64", strict=False))
    return str(parsed)
