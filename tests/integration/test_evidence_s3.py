"""Evidence in an S3-compatible object store, against moto's S3 server over HTTP: the four storage methods,
multipart streaming, server-side encryption on every write, nothing left behind by a failed upload, and the report
journey with its files in the bucket."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from moto.server import ThreadedMotoServer
from sqlalchemy import select

from portal.db import session
from portal.models import Evidence, Report, StaffUser
from portal.services.evidence import s3_storage
from portal.services.evidence.s3_storage import PART_BYTES, S3Storage, make_client
from portal.services.evidence.storage import UnknownKey, storage_for
from tests.factories.reports import db_fixture, send, ward_fixture  # noqa: F401  (fixtures)
from tests.factories.staff import login_as, make_staff
from tests.pages import page
from tests.support import evidence_samples as samples
from tests.support.evidence_journey import STEP, finish_report, listed, to_evidence_step, upload

BUCKET = "evidence-test"


CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": "test-key",
    "AWS_SECRET_ACCESS_KEY": "test-secret",
    "AWS_DEFAULT_REGION": "eu-west-2",
}


@pytest.fixture(scope="module")
def endpoint() -> Iterator[str]:
    """moto's S3 server on a free port, with credentials that only it accepts."""
    with pytest.MonkeyPatch.context() as patch:
        for name, value in CREDENTIALS.items():
            patch.setenv(name, value)
        server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
        server.start()
        host, port = server.get_host_and_port()
        url = f"http://{host}:{port}"
        make_client(url).create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-west-2"})
        yield url
        server.stop()


class Calls:
    """The S3 operations a client made and their parameters, as botocore is about to send them."""

    def __init__(self, client: Any) -> None:
        self.made: list[tuple[str, dict[str, Any]]] = []
        self.client = client
        client.meta.events.register("provide-client-params.s3.*", self._record)

    def _record(self, params: dict[str, Any], model: Any, **_: Any) -> None:
        self.made.append((model.name, dict(params)))

    def stop(self) -> None:
        self.client.meta.events.unregister("provide-client-params.s3.*", self._record)

    def names(self) -> list[str]:
        return [name for name, _ in self.made]

    def of(self, name: str) -> list[dict[str, Any]]:
        return [params for made, params in self.made if made == name]


@pytest.fixture(scope="module")
def s3_client(endpoint: str) -> Any:
    return make_client(endpoint)  # one for the module: making a boto3 client takes a third of a second


@pytest.fixture
def store(s3_client: Any, request: pytest.FixtureRequest) -> S3Storage:
    return S3Storage(s3_client, BUCKET, prefix=f"unit/{request.node.name}")


@pytest.fixture
def calls(store: S3Storage) -> Iterator[Calls]:
    recorder = Calls(store.client)
    yield recorder
    recorder.stop()


def objects(client: Any, prefix: str) -> list[str]:
    listing = client.list_objects_v2(Bucket=BUCKET, Prefix=prefix)
    return sorted(item["Key"] for item in listing.get("Contents", []))


def test_put_open_exists_delete(store):
    key = store.put(b"evidence bytes")
    assert len(key) == 32 and set(key) <= set("0123456789abcdef")
    assert store.exists(key)
    with store.open(key) as stored:
        assert stored.read() == b"evidence bytes"
    assert objects(store.client, store.prefix) == [f"{store.prefix}/{key}"]
    store.delete(key)
    assert not store.exists(key)
    store.delete(key)  # deleting again is not an error
    with pytest.raises(UnknownKey):
        store.open(key)


@pytest.mark.parametrize("key", ["../../etc/passwd", "ab", "A" * 32, "", "0" * 31 + "/"])
def test_keys_that_storage_could_not_have_made_are_refused(store, key):
    with pytest.raises(UnknownKey):
        store.open(key)
    assert not store.exists(key)


class Chunks(io.RawIOBase):
    """A stream that gives `total` bytes in small reads, as an upload arrives, and can fail after `fail_after`."""

    def __init__(self, total: int, fail_after: int | None = None) -> None:
        self.total, self.fail_after, self.given = total, fail_after, 0
        self.digest = hashlib.sha256()

    def read(self, n: int = -1) -> bytes:
        if self.fail_after is not None and self.given >= self.fail_after:
            raise ConnectionResetError("the client went away")
        size = min(64 * 1024, self.total - self.given, n if n > 0 else self.total)
        chunk = bytes([self.given // 65536 % 251]) * size
        self.given += size
        self.digest.update(chunk)
        return chunk


def test_a_file_larger_than_a_part_is_streamed_as_a_multipart_upload(store, calls):
    source = Chunks(2 * PART_BYTES + 1234)
    key = store.put(source)
    assert calls.names() == [
        "CreateMultipartUpload",
        "UploadPart",
        "UploadPart",
        "UploadPart",
        "CompleteMultipartUpload",
    ]
    assert [len(p["Body"]) for p in calls.of("UploadPart")] == [PART_BYTES, PART_BYTES, 1234]
    digest = hashlib.sha256()
    with store.open(key) as stored:
        while chunk := stored.read(1024 * 1024):
            digest.update(chunk)
    assert digest.hexdigest() == source.digest.hexdigest()


def test_a_small_file_is_one_put(store, calls):
    store.put(io.BytesIO(b"small"))
    assert calls.names() == ["PutObject"]


def test_server_side_encryption_is_asked_for_on_every_write(store, calls):
    small, large = store.put(b"photo"), store.put(Chunks(PART_BYTES + 10))
    assert [p["ServerSideEncryption"] for p in calls.of("PutObject")] == ["AES256"]
    assert [p["ServerSideEncryption"] for p in calls.of("CreateMultipartUpload")] == ["AES256"]
    for key in (small, large):
        head = store.client.head_object(Bucket=BUCKET, Key=f"{store.prefix}/{key}")
        assert head["ServerSideEncryption"] == "AES256"


def test_a_kms_key_is_used_when_configured(endpoint):
    import boto3

    kms = boto3.session.Session().client("kms", endpoint_url=endpoint)
    key_id = kms.create_key()["KeyMetadata"]["KeyId"]
    store = S3Storage(make_client(endpoint), BUCKET, prefix="kms", kms_key_id=key_id)
    calls = Calls(store.client)
    key = store.put(b"statement")
    [params] = calls.of("PutObject")
    assert (params["ServerSideEncryption"], params["SSEKMSKeyId"]) == ("aws:kms", key_id)
    assert store.client.head_object(Bucket=BUCKET, Key=f"kms/{key}")["ServerSideEncryption"] == "aws:kms"


def test_a_reader_that_fails_part_way_leaves_nothing_behind(store, calls):
    with pytest.raises(ConnectionResetError):
        store.put(Chunks(3 * PART_BYTES, fail_after=PART_BYTES + 5 * 65536))
    assert calls.names() == ["CreateMultipartUpload", "UploadPart", "AbortMultipartUpload"]
    assert store.client.list_multipart_uploads(Bucket=BUCKET, Prefix=store.prefix).get("Uploads", []) == []
    assert objects(store.client, store.prefix) == []


def test_a_refusal_before_the_first_part_sends_nothing(store, calls):
    with pytest.raises(ConnectionResetError):
        store.put(Chunks(3 * PART_BYTES, fail_after=65536))
    assert calls.names() == []


def test_storage_for_chooses_s3_and_keeps_one_client(endpoint, tmp_path):
    app = Flask(__name__, instance_path=str(tmp_path))
    app.config.update(EVIDENCE_STORAGE_URL=f"s3://{BUCKET}/chosen", EVIDENCE_S3_ENDPOINT_URL=endpoint)
    first, second = storage_for(app), storage_for(app)
    assert isinstance(first, S3Storage) and first is second
    assert (first.bucket, first.prefix, first.encryption) == (BUCKET, "chosen", {"ServerSideEncryption": "AES256"})
    app.config["EVIDENCE_STORAGE_URL"] = "s3:///no-bucket"
    with pytest.raises(RuntimeError, match="must name a bucket"):
        storage_for(app)


@pytest.fixture
def s3_app(app: Flask, endpoint: str, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest) -> S3Storage:
    """The test app storing evidence in the bucket, under a prefix of this test's own."""
    prefix = f"journey/{request.node.name}"
    monkeypatch.setitem(app.config, "EVIDENCE_STORAGE_URL", f"s3://{BUCKET}/{prefix}")
    monkeypatch.setitem(app.config, "EVIDENCE_S3_ENDPOINT_URL", endpoint)
    monkeypatch.setattr(s3_storage, "_stores", {})
    return storage_for(app)  # type: ignore[return-value]


def test_the_report_journey_keeps_its_files_in_the_bucket(app, client, ward, db, s3_app):
    photo, statement = samples.jpeg(), samples.pdf()
    to_evidence_step(client, ward.code)
    upload(client, (photo, "damage.jpg"))
    p = upload(client, (statement, "statement.pdf"))
    assert listed(p) == ["damage.jpg", "statement.pdf"]
    assert len(objects(s3_app.client, s3_app.prefix)) == 3  # two originals and the photo's preview

    remove = p.select("form[action$='/remove']")[1]
    client.post(remove["action"], data={"csrf_token": p.csrf_token()}, follow_redirects=True)
    assert listed(page(client, STEP)) == ["damage.jpg"]
    assert len(objects(s3_app.client, s3_app.prefix)) == 2  # the PDF's object went with it

    upload(client, action="continue")
    finish_report(client, ward.code)
    send(client, "road-traffic-incident")
    report = db(lambda: session.scalar(select(Report)))
    [evidence] = db(lambda: list(session.scalars(select(Evidence))))
    assert evidence.report_id == report.id
    with s3_app.open(evidence.storage_key) as stored:
        assert hashlib.sha256(stored.read()).hexdigest() == evidence.sha256 == hashlib.sha256(photo).hexdigest()

    # An officer views it through the portal, streamed from the bucket.
    with app.app_context():
        officer = make_staff("officer", wards=[session.merge(ward)])
        login_as(client, session.get(StaffUser, officer.id))
    with client.get(f"/staff/reports/{report.id}/evidence/{evidence.id}/download") as response:
        assert response.status_code == 200 and response.get_data() == photo
