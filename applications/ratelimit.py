"""Per-client submission limit kept in the cache (Redis in production), e.g. "5/h"."""

from __future__ import annotations

import hashlib
import re
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured

UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
RATE_RE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd])\s*$")


@dataclass(frozen=True)
class Rate:
    limit: int
    period: int  # seconds


def parse_rate(text: str) -> Rate:
    """ "5/h" → 5 per 3600 s; "100/10m" → 100 per 600 s."""
    match = RATE_RE.match(str(text))
    if not match:
        raise ImproperlyConfigured(
            f'APPLICATION_RATE_LIMIT must look like "5/h" or "100/10m"; got {text!r}.'
        )
    count, multiplier, unit = match.groups()
    return Rate(limit=int(count), period=int(multiplier or 1) * UNITS[unit])


def client_ip(request) -> str:
    """The visitor's address; behind N trusted proxies, the N-th address from the right."""
    proxies = int(getattr(settings, "APPLICATION_TRUSTED_PROXIES", 0))
    if proxies > 0:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def _key(ip: str, window: int) -> str:
    # Hashed so the cache never holds a visitor's address in clear.
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{ip}".encode()).hexdigest()[:32]
    return f"applications:rate:{digest}:{window}"


@dataclass(frozen=True)
class _Window:
    rate: Rate
    key: str
    resets_in: int  # seconds


def _window(request) -> _Window:
    rate = parse_rate(getattr(settings, "APPLICATION_RATE_LIMIT", "5/h"))
    now = time.time()
    window = int(now // rate.period)
    return _Window(
        rate=rate,
        key=_key(client_ip(request), window),
        resets_in=max(1, int((window + 1) * rate.period - now)),
    )


def retry_after(request) -> int | None:
    """Without counting: None if the client may still submit, else seconds until it may."""
    window = _window(request)
    if (cache.get(window.key) or 0) >= window.rate.limit:
        return window.resets_in
    return None


def consume(request) -> int | None:
    """Count one accepted submission; None if it is allowed, else seconds until the reset.

    Called only once a submission has passed validation, so a visitor who mistyped is not
    locked out. The increment is atomic, so concurrent submissions cannot all slip through
    a limit that a peek (``retry_after``) said was not reached yet.
    """
    window = _window(request)
    timeout = window.rate.period + 60
    # add() then incr() is atomic on Redis and on the local-memory cache.
    cache.add(window.key, 0, timeout=timeout)
    try:
        count = cache.incr(window.key)
    except ValueError:  # expired between add() and incr()
        cache.add(window.key, 1, timeout=timeout)
        count = 1
    if count > window.rate.limit:
        return window.resets_in
    return None
