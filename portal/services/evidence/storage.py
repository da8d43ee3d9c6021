"""Where evidence bytes live: a small interface, and a local-directory implementation.

The interface (`Storage`) is four methods over opaque keys the storage itself generates:

    put(data) -> key      store bytes or a binary stream (read in chunks until b""); return a new random key
    open(key) -> stream   a readable binary stream of exactly the stored bytes (the caller closes it)
    delete(key)           remove it; deleting a missing key is not an error (retention jobs may retry)
    exists(key) -> bool

`S3Storage` (s3_storage.py) implements the same four methods on an S3-compatible object store: `put` generates the
key the same way (`new_key()`), streams the reader with a multipart upload (`create_multipart_upload` /
`upload_part` in parts of at least 5 MB / `complete_multipart_upload`), and aborts the multipart upload if reading
raises (a file refused part-way must leave nothing behind); `open` returns the `get_object` body stream; `delete`
is `delete_object`; `exists` is `head_object` (a 404 means False). Use a private bucket with server-side
encryption and object versioning or object lock if the force's retention policy asks for it; never a public URL.
It is chosen by `EVIDENCE_STORAGE_URL=s3://bucket/prefix` in `storage_for()`.

A file's client-supplied name is never part of a key or a path.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
from pathlib import Path
from typing import BinaryIO, Protocol
from urllib.parse import unquote, urlsplit

from flask import Flask

from portal.services.evidence.hashing import CHUNK_BYTES
from portal.services.evidence.keys import KEY_PATTERN, UnknownKey, new_key


class Storage(Protocol):
    def put(self, data: bytes | BinaryIO) -> str: ...
    def open(self, key: str) -> BinaryIO: ...
    def delete(self, key: str) -> None: ...
    def exists(self, key: str) -> bool: ...
    def free_bytes(self) -> int | None: ...


class LocalStorage:
    """Files in a private directory: <root>/<first two key characters>/<key>, owner read/write only (0600).

    A file is written to a temporary name, flushed and fsynced, then renamed into place, so a crash or a refusal
    part-way never leaves a partial file under a real key.
    """

    def __init__(self, root: Path | str) -> None:
        self.root = Path(root).resolve()

    def put(self, data: bytes | BinaryIO) -> str:
        stream: BinaryIO = io.BytesIO(data) if isinstance(data, bytes | bytearray) else data
        key = new_key()
        final = self._path(key)
        final.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        temporary = final.with_name(f".{key}.partial")
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
        try:
            with os.fdopen(descriptor, "wb") as out:
                while chunk := stream.read(CHUNK_BYTES):
                    out.write(chunk)
                out.flush()
                os.fsync(out.fileno())
            os.replace(temporary, final)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                temporary.unlink()
            raise
        self._fsync_directory(final.parent)
        return key

    def open(self, key: str) -> BinaryIO:
        try:
            return self._path(key).open("rb")
        except FileNotFoundError:
            raise UnknownKey(key) from None

    def delete(self, key: str) -> None:
        with contextlib.suppress(FileNotFoundError):
            self._path(key).unlink()

    def exists(self, key: str) -> bool:
        return KEY_PATTERN.match(key) is not None and self._path(key).is_file()

    def free_bytes(self) -> int | None:
        """Space left on the disk holding the files (None when it cannot be told)."""
        try:
            return shutil.disk_usage(self.root if self.root.exists() else self.root.parent).free
        except OSError:
            return None

    def _path(self, key: str) -> Path:
        # Keys come back from the database, but are checked anyway so no value can ever name another path.
        if not isinstance(key, str) or not KEY_PATTERN.match(key):
            raise UnknownKey(key)
        return self.root / key[:2] / key

    @staticmethod
    def _fsync_directory(directory: Path) -> None:
        # The rename is durable only once the directory entry is on disk too (POSIX; not possible on Windows).
        with contextlib.suppress(OSError):
            descriptor = os.open(directory, os.O_RDONLY)
            try:
                os.fsync(descriptor)
            finally:
                os.close(descriptor)


def storage_for(app: Flask) -> Storage:
    """The storage named by EVIDENCE_STORAGE_URL (unset: <instance folder>/evidence)."""
    url = app.config.get("EVIDENCE_STORAGE_URL") or Path(app.instance_path, "evidence").resolve().as_uri()
    parts = urlsplit(url)
    if parts.scheme == "s3":
        from portal.services.evidence.s3_storage import s3_storage_for  # boto3 is loaded only by those who use it

        return s3_storage_for(app, url)
    if parts.scheme != "file":
        raise RuntimeError(
            f"EVIDENCE_STORAGE_URL scheme {parts.scheme!r} is not supported; use file:///a/folder or s3://bucket/prefix."
        )
    root = Path(unquote(parts.path)).resolve()
    public = [Path(app.root_path, "static").resolve()]
    if app.static_folder:
        public.append(Path(app.static_folder).resolve())
    if any(root == folder or folder in root.parents for folder in public):
        raise RuntimeError("EVIDENCE_STORAGE_URL must not be inside the static folder: files there are public.")
    return LocalStorage(root)
