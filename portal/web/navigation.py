"""The service navigation. Sections are data so a new area of the portal is one line here."""

from __future__ import annotations

# (section, label, path). Paths rather than endpoints: a section's blueprint may be switched off in a deployment.
SECTIONS: tuple[tuple[str, str, str], ...] = (
    ("wards", "Your area", "/wards"),
    ("report", "Report", "/report"),
    ("track", "Track a report", "/track"),
    ("staff", "Staff sign in", "/staff/sign-in"),
)


def nav_items(current: str = "") -> list[dict[str, object]]:
    return [{"href": path, "text": label, "active": section == current} for section, label, path in SECTIONS]
