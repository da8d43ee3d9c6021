"""Display names are made safe to show; they are never used to build a path (check 24)."""

from __future__ import annotations

import pytest

from portal.services.evidence.names import MAX_LENGTH, clean_name


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("photo.jpg", "photo.jpg"),
        ("../../etc/passwd", "passwd"),
        ("..", "file"),
        ("/var/www/html/shell.php", "shell.php"),
        ("C:\\Users\\Ada\\Pictures\\dashcam 01.mp4", "dashcam 01.mp4"),
        ("C:fakepath.png", "fakepath.png"),
        ("\\\\server\\share\\scan.pdf", "scan.pdf"),
        ("evil.exe\x00.jpg", "evil.exe.jpg"),
        ("line\r\nbreak\t.txt", "linebreak.txt"),
        ("invoice\u202egpj.exe", "invoicegpj.exe"),  # right-to-left override would show "invoiceexe.jpg"
        ("\u2066photo\u2069\u200e\u200f.png", "photo.png"),
        ("  spaced    out  .txt ", "spaced out .txt"),
        ("", "file"),
        (None, "file"),
        ("\x00\x01\u202e", "file"),
        ("Café – witness statement.pdf", "Café – witness statement.pdf"),
        ("👩\u200d👧 family.jpg", "👩\u200d👧 family.jpg"),  # the joiner in an emoji stays
    ],
)
def test_names_are_cleaned(raw, expected):
    assert clean_name(raw) == expected


def test_long_names_are_cut_keeping_the_extension():
    name = clean_name("a" * 500 + ".jpeg")
    assert len(name) <= MAX_LENGTH
    assert name.endswith("….jpeg")
    assert len(clean_name("b" * 500)) <= MAX_LENGTH


def test_a_cleaned_name_never_contains_a_separator_or_control_character():
    nasty = "".join(chr(c) for c in range(0, 0x30)) + "\\..\\../x\u202d\u2028y"
    name = clean_name(nasty)
    assert "/" not in name and "\\" not in name
    assert all(ch.isprintable() for ch in name)
