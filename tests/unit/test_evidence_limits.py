"""Per-file, per-report and file-count limits, with messages naming the file (check 22)."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask

from portal.config import TestConfig
from portal.services.evidence.limits import MB, Limits, describe_size
from portal.services.evidence.types import Kind


@dataclass
class Attached:
    size: int


def test_defaults_match_the_published_limits():
    limits = Limits.from_config({})
    assert (limits.max_video_bytes, limits.max_file_bytes) == (100 * MB, 20 * MB)
    assert (limits.max_report_bytes, limits.max_files) == (500 * MB, 20)
    assert "100 MB" in limits.sentence() and "20 files" in limits.sentence()


def test_limits_come_from_config():
    limits = Limits.from_config({"EVIDENCE_MAX_FILE_BYTES": 5 * MB, "EVIDENCE_MAX_FILES": 3})
    assert limits.max_file_bytes == 5 * MB
    assert limits.max_files == 3


def test_portal_config_carries_every_limit():
    app = Flask(__name__)
    app.config.from_object(TestConfig())
    assert {"EVIDENCE_MAX_VIDEO_BYTES", "EVIDENCE_MAX_FILE_BYTES", "EVIDENCE_MAX_REPORT_BYTES"} <= set(app.config)
    assert Limits.from_config(app.config) == Limits()


def test_a_photo_over_20_mb_is_refused_naming_it():
    message = Limits().check("x.png", 20 * MB + 1, Kind.IMAGE, [])
    assert message == "The file ‘x.png’ is larger than 20 MB"
    assert Limits().check("x.png", 20 * MB, Kind.IMAGE, []) is None


def test_videos_may_be_bigger():
    assert Limits().check("dashcam.mp4", 99 * MB, Kind.VIDEO, []) is None
    assert Limits().check("dashcam.mp4", 101 * MB, Kind.VIDEO, []) == "The file ‘dashcam.mp4’ is larger than 100 MB"


def test_before_the_type_is_known_the_largest_limit_applies():
    assert Limits().check("clip", 50 * MB, None, []) is None


def test_empty_files_are_refused():
    assert Limits().check("blank.jpg", 0, Kind.IMAGE, []) == "The file ‘blank.jpg’ is empty"


def test_too_many_files():
    limits = Limits(max_files=2)
    message = limits.check("third.jpg", 10, Kind.IMAGE, [Attached(1), Attached(1)])
    assert message == "You can attach up to 2 files to a report. Remove a file before adding ‘third.jpg’"
    assert limits.check("second.jpg", 10, Kind.IMAGE, [Attached(1)]) is None


def test_report_total():
    limits = Limits()
    existing = [Attached(90 * MB)] * 5  # 450 MB already attached
    assert limits.check("a.mp4", 50 * MB, Kind.VIDEO, existing) is None
    message = limits.check("b.mp4", 51 * MB, Kind.VIDEO, existing)
    assert message is not None and "‘b.mp4’" in message and "500 MB in total" in message
    assert limits.allowed_bytes(Kind.VIDEO, existing) == 50 * MB
    assert limits.allowed_bytes(Kind.IMAGE, existing) == 20 * MB


def test_sizes_are_described_as_people_read_them():
    assert describe_size(20 * MB) == "20 MB"
    assert describe_size(int(1.5 * MB)) == "1.5 MB"
    assert describe_size(300 * 1024) == "300 KB"
    assert describe_size(10) == "1 KB"
