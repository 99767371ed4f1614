"""Encryption at rest for anything the client writes in their own words (AES-256-GCM)."""

import base64
import logging
import os
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

log = logging.getLogger(__name__)

FORMAT = b"\x01"
NONCE_BYTES = 12


class CipherError(Exception):
    """The encryption key is malformed or does not open the stored text."""


class NoteCipher:
    """Seals and opens free text. Each blob is: format byte, 12-byte nonce, ciphertext+tag."""

    def __init__(self, key: bytes) -> None:
        if len(key) != 32:
            raise CipherError("ENCRYPTION_KEY must be 32 bytes, base64-encoded (44 characters)")
        self._aead = AESGCM(key)

    def seal(self, text: str) -> bytes:
        nonce = os.urandom(NONCE_BYTES)
        return FORMAT + nonce + self._aead.encrypt(nonce, text.encode("utf-8"), FORMAT)

    def open(self, blob: bytes) -> str:
        if blob[:1] != FORMAT:
            raise CipherError("unknown encrypted text format")
        nonce, sealed = blob[1 : 1 + NONCE_BYTES], blob[1 + NONCE_BYTES :]
        try:
            return self._aead.decrypt(nonce, sealed, FORMAT).decode("utf-8")
        except InvalidTag as error:
            raise CipherError("the encryption key does not open this text") from error


def new_key() -> str:
    return base64.urlsafe_b64encode(AESGCM.generate_key(bit_length=256)).decode("ascii")


def decode_key(text: str) -> bytes:
    try:
        return base64.urlsafe_b64decode(text.strip().encode("ascii"))
    except ValueError as error:
        raise CipherError("ENCRYPTION_KEY is not valid base64") from error


def load_key(configured: str | None, key_file: Path) -> bytes:
    """The configured key, else the one in `key_file`, else a new one written there."""
    if configured:
        return decode_key(configured)
    if key_file.exists():
        return decode_key(key_file.read_text(encoding="ascii"))
    key_file.parent.mkdir(parents=True, exist_ok=True)
    key_file.write_text(new_key() + "\n", encoding="ascii")
    key_file.chmod(0o600)
    log.warning("generated a new encryption key at %s: back it up with the database", key_file)
    return decode_key(key_file.read_text(encoding="ascii"))
