"""Encryption at rest for secrets members give us (agent API keys): Fernet tokens under a rotatable key list.

`AGENT_KEYS_ENCRYPTION_KEY` holds one or more comma-separated Fernet keys; the first encrypts, all decrypt
(MultiFernet), so a new key can be put first and old tokens still read until `rotate` re-encrypts them.
Without the setting, a key derived from SECRET_KEY is used (fine locally; set a dedicated one in production).
"""
import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings


class SecretUnreadable(Exception):
    pass


def _box() -> MultiFernet:
    configured = [k.strip() for k in (settings.AGENT_KEYS_ENCRYPTION_KEY or "").split(",") if k.strip()]
    if not configured:
        derived = hashlib.sha256(f"agent-keys:{settings.SECRET_KEY}".encode()).digest()
        configured = [base64.urlsafe_b64encode(derived).decode()]
    return MultiFernet([Fernet(key) for key in configured])


def encrypt(plaintext: str) -> str:
    return _box().encrypt(plaintext.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return _box().decrypt(token.encode()).decode()
    except (InvalidToken, ValueError) as error:
        raise SecretUnreadable("The stored key can't be read with the configured encryption keys.") from error


def rotate(token: str) -> str:
    """Re-encrypt under the first (newest) key."""
    return _box().rotate(token.encode()).decode()
