"""Encryption at rest for anything the client writes in their own words (AES-256-GCM).

The key is ENCRYPTION_KEY, or else the key file DATA_DIR/encryption.key (generated on first
run). A key rotation (`python -m storage.rotate_key`) leaves the new key beside it, so that it
is never only on a screen:

- DATA_DIR/encryption.key.new exists while a rotation is under way or was stopped before it
  finished: the notes may be sealed under the old key or the new one. `load_key` refuses
  (CipherError) and says to run `python -m storage.rotate_key` again, which finishes the
  rotation with the key in that file (the key it already printed).
- With a key file, a finished rotation renames the .new file over the key file: the old key is
  replaced only once no note needs it.
- With ENCRYPTION_KEY, a finished rotation renames the .new file to encryption.key.rotated: the
  notes are sealed under the key in it, and `load_key` refuses until ENCRYPTION_KEY is set to
  that key; then the file, now only a copy of it, is deleted.

So the bot never starts writing notes under one key while the stored ones are, or may be,
under another. Key files are written whole or not at all (a temporary file, fsync, rename,
fsync of the folder), readable by their owner only.
"""

import base64
import hmac
import logging
import os
import secrets
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
        self._key = key

    def fingerprint(self, text: str) -> str:
        """A keyed hash of `text`: the same for the same text, and tells nobody what it was."""
        return hmac.new(self._key, b"between/fingerprint/" + text.encode(), "sha256").hexdigest()

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


def pending_key_file(key_file: Path) -> Path:
    """Where a key rotation keeps the new key until it has finished."""
    return key_file.with_name(key_file.name + ".new")


def rotated_key_file(key_file: Path) -> Path:
    """Where a finished rotation leaves the new key until ENCRYPTION_KEY is set to it."""
    return key_file.with_name(key_file.name + ".rotated")


def read_key_file(path: Path) -> bytes:
    try:
        return decode_key(path.read_text(encoding="ascii"))
    except (OSError, UnicodeDecodeError) as error:
        raise CipherError(f"cannot read the encryption key in {path}: {error}") from None


def write_key_file(path: Path, key: str, *, unless_there: bool = False) -> None:
    """Write `key` to `path` whole or not at all, durably, readable by its owner only.

    `unless_there`: leave a key another process wrote first in place, so processes starting
    together on one DATA_DIR all end up with the same key.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f"{path.name}.{secrets.token_hex(6)}.tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.write(descriptor, (key + "\n").encode("ascii"))
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
    if unless_there:
        try:
            os.link(temporary, path)  # fails, atomically, if the key is there already
        except FileExistsError:
            pass
        finally:
            temporary.unlink()
    else:
        os.replace(temporary, path)
    sync_folder(path.parent)


def sync_folder(folder: Path) -> None:
    """Make renames and deletions in `folder` durable."""
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def load_key(configured: str | None, key_file: Path) -> bytes:
    """The configured key, else the one in `key_file`, else a new one written there.

    Refuses while a key rotation has not finished (the rules are in the module docstring).
    """
    check_rotation_finished(configured, key_file)
    if configured:
        return decode_key(configured)
    if key_file.exists():
        return read_key_file(key_file)
    try:
        write_key_file(key_file, new_key(), unless_there=True)
    except OSError as error:
        raise CipherError(
            f"cannot write a new encryption key to {key_file} (DATA_DIR): {error.strerror or error}"
        ) from None
    log.warning("generated a new encryption key at %s: back it up with the database", key_file)
    return read_key_file(key_file)


def check_rotation_finished(configured: str | None, key_file: Path) -> None:
    """CipherError unless the notes are all under the key `load_key` would give."""
    pending, rotated = pending_key_file(key_file), rotated_key_file(key_file)
    if pending.exists():
        raise CipherError(
            f"a key rotation has not finished ({pending} is there): the notes may be sealed "
            "under the old key or the new one. Run `python -m storage.rotate_key` again to "
            "finish it (with the settings it was started with), then start again."
        )
    if not configured or not rotated.exists():
        return
    if decode_key(configured) != read_key_file(rotated):
        raise CipherError(
            f"the notes were re-encrypted under the key in {rotated} by a key rotation, and "
            "ENCRYPTION_KEY is not set to it. Set ENCRYPTION_KEY to that key, then start again."
        )
    rotated.unlink()
    sync_folder(rotated.parent)
    log.info("ENCRYPTION_KEY holds the rotated key: deleted its copy in %s", rotated)
