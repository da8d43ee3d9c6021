"""How big a file may be, how much a report may hold, and the messages that say so, naming the file."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from portal.services.evidence.types import Kind

MB = 1024 * 1024


class Attached(Protocol):
    """Anything already attached to the report: an Evidence row, or an earlier `Received`."""

    @property
    def size(self) -> int: ...


def describe_size(size: int) -> str:
    """'20 MB', '1.5 MB', '500 KB': how GOV.UK pages state file sizes."""
    if size >= MB:
        return f"{size / MB:.1f}".removesuffix(".0") + " MB"
    return f"{max(size // 1024, 1)} KB"


@dataclass(frozen=True)
class Limits:
    max_video_bytes: int = 100 * MB
    max_file_bytes: int = 20 * MB
    max_report_bytes: int = 500 * MB
    max_files: int = 20

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> Limits:
        default = cls()
        return cls(
            max_video_bytes=int(config.get("EVIDENCE_MAX_VIDEO_BYTES", default.max_video_bytes)),
            max_file_bytes=int(config.get("EVIDENCE_MAX_FILE_BYTES", default.max_file_bytes)),
            max_report_bytes=int(config.get("EVIDENCE_MAX_REPORT_BYTES", default.max_report_bytes)),
            max_files=int(config.get("EVIDENCE_MAX_FILES", default.max_files)),
        )

    def per_file(self, kind: Kind | None) -> int:
        """The limit for one file of `kind`; with no kind yet, the largest any file may be."""
        if kind is None:
            return max(self.max_video_bytes, self.max_file_bytes)
        return self.max_video_bytes if kind is Kind.VIDEO else self.max_file_bytes

    def sentence(self) -> str:
        """The limits as stated on the page before anyone uploads."""
        return (
            f"Each video must be smaller than {describe_size(self.max_video_bytes)} and each other file smaller than "
            f"{describe_size(self.max_file_bytes)}. You can attach up to {self.max_files} files to a report, "
            f"up to {describe_size(self.max_report_bytes)} in total."
        )

    # --- checks: each returns an error message naming the file, or None when it fits ---

    def check_count(self, name: str, existing: Iterable[Attached]) -> str | None:
        if sum(1 for _ in existing) >= self.max_files:
            return f"You can attach up to {self.max_files} files to a report. Remove a file before adding ‘{name}’"
        return None

    def check_size(self, name: str, size: int | None, kind: Kind | None, existing: Iterable[Attached]) -> str | None:
        """Check a size (declared before upload, or counted after) against the per-file and per-report limits."""
        if size is None:
            return None
        if size == 0:
            return f"The file ‘{name}’ is empty"
        limit = self.per_file(kind)
        if size > limit:
            return f"The file ‘{name}’ is larger than {describe_size(limit)}"
        if size > self.remaining(existing):
            return (
                f"The file ‘{name}’ cannot be added because the files attached to a report must be smaller than "
                f"{describe_size(self.max_report_bytes)} in total. Remove a file or choose a smaller one"
            )
        return None

    def check(self, name: str, size: int | None, kind: Kind | None, existing: Iterable[Attached]) -> str | None:
        """Every limit for a new file against what is already attached, the first one broken first."""
        existing = list(existing)
        return self.check_count(name, existing) or self.check_size(name, size, kind, existing)

    def remaining(self, existing: Iterable[Attached]) -> int:
        return max(self.max_report_bytes - sum(item.size for item in existing), 0)

    def allowed_bytes(self, kind: Kind, existing: Iterable[Attached]) -> int:
        """The most bytes a new file of `kind` may have: the smaller of its per-file limit and the report's room."""
        return min(self.per_file(kind), self.remaining(existing))
