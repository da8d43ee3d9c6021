"""Reading the CSV files loaders accept, with errors that name the file, line and column of every bad value."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from portal.core.numbers import whole_number

GSS_CODE = re.compile(r"^[EWSN][0-9]{8}\Z")
MAX_REPORTED = 20


class DataFileError(Exception):
    """A file a loader was given is wrong; the message lists each problem as "file, line N, column X: problem"."""


@dataclass
class Problems:
    """Collects every problem in a file so the person loading it can fix them all in one go."""

    path: Path
    messages: list[str] = field(default_factory=list)

    def add(self, line: int, column: str | None, problem: str) -> None:
        self.add_at(f"line {line}" + (f", column {column}" if column else ""), problem)

    def add_at(self, where: str, problem: str) -> None:
        self.messages.append(f"{self.path.name}, {where}: {problem}")

    def raise_if_any(self) -> None:
        if self.messages:
            shown = self.messages[:MAX_REPORTED]
            more = len(self.messages) - len(shown)
            if more:
                shown.append(f"... and {more} more problems")
            raise DataFileError("\n".join(shown))


def read_csv(path: Path, required: tuple[str, ...]) -> tuple[list[str], Iterator[tuple[int, dict[str, str]]]]:
    """The header and an iterator of (line number, row). Fails at once when a required column is missing."""
    handle = path.open(newline="", encoding="utf-8-sig")
    reader = csv.reader(handle)
    header = [name.strip() for name in next(reader, [])]
    missing = [name for name in required if name not in header]
    if missing:
        handle.close()
        raise DataFileError(f"{path.name}, line 1: missing column {', '.join(missing)}")

    def rows() -> Iterator[tuple[int, dict[str, str]]]:
        with handle:
            for values in reader:
                if not any(value.strip() for value in values):
                    continue
                yield reader.line_num, dict(zip(header, (value.strip() for value in values), strict=False))

    return header, rows()


def read_header(path: Path) -> list[str]:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        return [name.strip() for name in next(csv.reader(handle), [])]


def parse_count(value: str) -> int | None:
    """A non-negative whole number of offences, or None when the value is not one."""
    return whole_number(value, maximum=10**9)
