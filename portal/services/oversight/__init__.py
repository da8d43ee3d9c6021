"""Oversight for supervisors and officers: ward content edits, statistics, possible duplicates and report links."""
