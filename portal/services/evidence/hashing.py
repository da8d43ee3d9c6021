"""Hash, count and inspect a file's bytes in one pass while storage reads it.

Storage pulls chunks from a `MeteredReader`; each chunk updates the SHA-256, the byte count and any content
inspector before it is handed on, so a 100 MB video is read once and never held in memory whole.
"""

from __future__ import annotations

import hashlib
from typing import BinaryIO

from portal.services.evidence.inspect import Inspector

CHUNK_BYTES = 1024 * 1024


class TooLarge(Exception):
    """More bytes arrived than the limit allows; storage abandons the partial file."""


class MeteredReader:
    """A read-only stream over `head` followed by the rest of `stream`, stopping the upload past `limit` bytes."""

    def __init__(self, head: bytes, stream: BinaryIO, *, limit: int, inspector: Inspector | None = None) -> None:
        self._pending = head
        self._stream = stream
        self._limit = limit
        self._inspector = inspector
        self._sha256 = hashlib.sha256()
        self._finished = False
        self.size = 0

    def read(self, n: int = CHUNK_BYTES) -> bytes:
        if n is None or n < 0:
            n = CHUNK_BYTES
        if self._pending:
            chunk, self._pending = self._pending[:n], self._pending[n:]
        else:
            chunk = self._stream.read(n) or b""
        if not chunk:
            if not self._finished:
                self._finished = True
                if self._inspector:
                    self._inspector.finish()
            return b""
        self.size += len(chunk)
        if self.size > self._limit:
            raise TooLarge
        self._sha256.update(chunk)
        if self._inspector:
            self._inspector.feed(chunk)
        return chunk

    @property
    def complete(self) -> bool:
        return self._finished

    @property
    def sha256(self) -> str:
        """Hex SHA-256 of every byte read so far; the whole file's once storage has read to the end."""
        return self._sha256.hexdigest()


def read_head(stream: BinaryIO, size: int) -> bytes:
    """Read up to `size` bytes, looping because a socket or upload stream may return fewer than asked for."""
    parts: list[bytes] = []
    remaining = size
    while remaining > 0:
        chunk = stream.read(remaining)
        if not chunk:
            break
        parts.append(chunk)
        remaining -= len(chunk)
    return b"".join(parts)


def sha256_of(stream: BinaryIO) -> str:
    """SHA-256 of a stored file, read in chunks: what an officer's integrity check recomputes."""
    digest = hashlib.sha256()
    while chunk := stream.read(CHUNK_BYTES):
        digest.update(chunk)
    return digest.hexdigest()
