"""Evidence in an S3-compatible object store (AWS S3, MinIO, Ceph): the four `Storage` methods over boto3.

Chosen by `EVIDENCE_STORAGE_URL=s3://bucket/prefix`. The endpoint is `EVIDENCE_S3_ENDPOINT_URL` (unset: AWS itself);
credentials and region come from boto3's usual places (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`,
`AWS_DEFAULT_REGION`, an instance role), never from the portal's own settings. Every object is written with
server-side encryption (`AES256`, or `aws:kms` with `EVIDENCE_S3_KMS_KEY_ID`), and no object is ever given a public
or presigned URL: evidence is only read back through the portal, which checks who is asking.

Keys are the same 128-bit random names as on disk (`new_key()`); the object name is `<prefix>/<key>`.
"""

from __future__ import annotations

import contextlib
import io
import threading
from typing import Any, BinaryIO
from urllib.parse import urlsplit

from botocore.exceptions import ClientError
from flask import Flask

from portal.services.evidence.keys import KEY_PATTERN, UnknownKey, new_key

# S3 refuses parts smaller than 5 MB (except the last). 8 MB, boto3's own default, keeps one part in memory per upload.
PART_BYTES = 8 * 1024 * 1024
_MISSING = {"404", "NoSuchKey", "NotFound"}


class S3Storage:
    def __init__(self, client: Any, bucket: str, prefix: str = "", kms_key_id: str | None = None) -> None:
        self.client = client
        self.bucket = bucket
        self.prefix = prefix.strip("/")
        self.encryption: dict[str, str] = (
            {"ServerSideEncryption": "aws:kms", "SSEKMSKeyId": kms_key_id}
            if kms_key_id
            else {"ServerSideEncryption": "AES256"}
        )

    def put(self, data: bytes | BinaryIO) -> str:
        """Store the stream under a new key. A file smaller than one part is a single PUT; a larger one is a multipart
        upload, part by part as it is read, so a 100 MB video is never held in memory. If reading fails part-way (a
        file refused as too large, a dropped connection) the multipart upload is aborted: nothing is left behind."""
        stream: BinaryIO = io.BytesIO(data) if isinstance(data, bytes | bytearray) else data
        key = new_key()
        name = self._name(key)
        first = _read_part(stream)
        if len(first) < PART_BYTES:
            self.client.put_object(Bucket=self.bucket, Key=name, Body=first, **self.encryption)
            return key
        upload_id = self.client.create_multipart_upload(Bucket=self.bucket, Key=name, **self.encryption)["UploadId"]
        try:
            parts = []
            part, number = first, 1
            while part:
                sent = self.client.upload_part(
                    Bucket=self.bucket, Key=name, UploadId=upload_id, PartNumber=number, Body=part
                )
                parts.append({"ETag": sent["ETag"], "PartNumber": number})
                part, number = _read_part(stream), number + 1
            self.client.complete_multipart_upload(
                Bucket=self.bucket, Key=name, UploadId=upload_id, MultipartUpload={"Parts": parts}
            )
        except BaseException:
            # The parts already sent are stored (and billed) until the upload is aborted. The original error is the
            # one that matters; a failed abort is left to the bucket's lifecycle rule for incomplete uploads.
            with contextlib.suppress(Exception):
                self.client.abort_multipart_upload(Bucket=self.bucket, Key=name, UploadId=upload_id)
            raise
        return key

    def open(self, key: str) -> BinaryIO:
        try:
            response = self.client.get_object(Bucket=self.bucket, Key=self._name(key))
        except ClientError as error:
            if _missing(error):
                raise UnknownKey(key) from None
            raise
        return response["Body"]  # type: ignore[no-any-return]

    def delete(self, key: str) -> None:
        # S3 answers a delete of a missing object with success, so retention jobs may retry freely.
        self.client.delete_object(Bucket=self.bucket, Key=self._name(key))

    def free_bytes(self) -> int | None:
        """An object store has no disk of ours to fill: no floor applies (the per-client daily budget still does)."""
        return None

    def exists(self, key: str) -> bool:
        if not isinstance(key, str) or not KEY_PATTERN.match(key):
            return False
        try:
            self.client.head_object(Bucket=self.bucket, Key=self._name(key))
        except ClientError as error:
            if _missing(error):
                return False
            raise
        return True

    def _name(self, key: str) -> str:
        # Keys come back from the database, but are checked anyway so no value can name another object.
        if not isinstance(key, str) or not KEY_PATTERN.match(key):
            raise UnknownKey(key)
        return f"{self.prefix}/{key}" if self.prefix else key


def _read_part(stream: BinaryIO) -> bytes:
    """Up to PART_BYTES: a stream may return less than asked for before its end, so read until full or empty."""
    chunks, size = [], 0
    while size < PART_BYTES:
        chunk = stream.read(PART_BYTES - size)
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def _missing(error: ClientError) -> bool:
    return str(error.response.get("Error", {}).get("Code")) in _MISSING


# One client per store and process: making a boto3 client costs tens of milliseconds and a few MB, and storage_for()
# runs on every request that touches evidence. boto3 clients are thread-safe; making one is not, hence the lock.
_stores: dict[tuple[str, str | None, str | None], S3Storage] = {}
_lock = threading.Lock()


def s3_storage_for(app: Flask, url: str) -> S3Storage:
    endpoint = app.config.get("EVIDENCE_S3_ENDPOINT_URL") or None
    kms_key_id = app.config.get("EVIDENCE_S3_KMS_KEY_ID") or None
    cache_key = (url, endpoint, kms_key_id)
    with _lock:
        store = _stores.get(cache_key)
        if store is None:
            parts = urlsplit(url)
            if not parts.netloc:
                raise RuntimeError("EVIDENCE_STORAGE_URL must name a bucket: s3://bucket/prefix.")
            store = _stores[cache_key] = S3Storage(make_client(endpoint), parts.netloc, parts.path, kms_key_id)
        return store


def make_client(endpoint: str | None) -> Any:
    import boto3
    from botocore.config import Config

    config = Config(
        # Path-style addressing for a store of our own (MinIO, Ceph, a test server) that has no per-bucket DNS names.
        s3={"addressing_style": "path" if endpoint else "auto"},
        retries={"mode": "standard", "max_attempts": 3},
        connect_timeout=5,
        read_timeout=60,
    )
    return boto3.session.Session().client("s3", endpoint_url=endpoint, config=config)
