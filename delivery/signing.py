"""The X-Careers-Signature scheme: HMAC-SHA256 over "<unix seconds>.<raw body>"."""

from __future__ import annotations

import hashlib
import hmac

SIGNATURE_HEADER = "X-Careers-Signature"


def compute_signature(secret: str, timestamp: int, body: bytes) -> str:
    signed = str(int(timestamp)).encode("ascii") + b"." + body
    return hmac.new(secret.encode("utf-8"), signed, hashlib.sha256).hexdigest()


def signature_header(secret: str, timestamp: int, body: bytes) -> str:
    return f"t={int(timestamp)},v1={compute_signature(secret, timestamp, body)}"
