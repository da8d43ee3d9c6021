"""Local evidence storage: random names outside the static folder, private files, nothing left half-written."""

from __future__ import annotations

import io
import stat

import pytest
from flask import Flask

from portal.services.evidence.storage import LocalStorage, UnknownKey, storage_for


def test_put_open_exists_delete(tmp_path):
    storage = LocalStorage(tmp_path)
    key = storage.put(b"evidence bytes")
    assert storage.exists(key)
    with storage.open(key) as stored:
        assert stored.read() == b"evidence bytes"
    storage.delete(key)
    assert not storage.exists(key)
    storage.delete(key)  # deleting again is not an error
    with pytest.raises(UnknownKey):
        storage.open(key)


def test_streams_are_stored_and_keys_are_random_server_names(tmp_path):
    storage = LocalStorage(tmp_path)
    keys = {storage.put(io.BytesIO(b"same")) for _ in range(5)}
    assert len(keys) == 5
    for key in keys:
        assert len(key) == 32 and set(key) <= set("0123456789abcdef")
        path = tmp_path / key[:2] / key
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert all(not p.name.startswith(".") for p in tmp_path.rglob("*"))


@pytest.mark.parametrize("key", ["../../etc/passwd", "/etc/passwd", "ab", "A" * 32, "", "0" * 31 + "/"])
def test_keys_that_storage_could_not_have_made_are_refused(tmp_path, key):
    storage = LocalStorage(tmp_path)
    with pytest.raises(UnknownKey):
        storage.open(key)
    assert not storage.exists(key)


def test_a_failed_write_leaves_nothing_behind(tmp_path):
    class Breaks(io.RawIOBase):
        calls = 0

        def read(self, n=-1):
            self.calls += 1
            if self.calls > 2:
                raise RuntimeError("connection reset")
            return b"x" * 10

    storage = LocalStorage(tmp_path)
    with pytest.raises(RuntimeError):
        storage.put(Breaks())
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []


def test_default_storage_is_in_the_instance_folder(tmp_path):
    app = Flask(__name__, instance_path=str(tmp_path / "instance"))
    storage = storage_for(app)
    assert isinstance(storage, LocalStorage)
    assert storage.root == (tmp_path / "instance" / "evidence").resolve()


def test_storage_url_is_honoured_and_the_static_folder_refused(tmp_path):
    app = Flask(__name__, instance_path=str(tmp_path), static_folder=str(tmp_path / "public"))
    app.config["EVIDENCE_STORAGE_URL"] = (tmp_path / "private").as_uri()
    assert storage_for(app).root == (tmp_path / "private").resolve()
    app.config["EVIDENCE_STORAGE_URL"] = (tmp_path / "public" / "evidence").as_uri()
    with pytest.raises(RuntimeError, match="static folder"):
        storage_for(app)
    app.config["EVIDENCE_STORAGE_URL"] = "ftp://bucket/evidence"
    with pytest.raises(RuntimeError, match="not supported"):
        storage_for(app)
