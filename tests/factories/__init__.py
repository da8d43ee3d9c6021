"""Factories, not fixture files: make_ward(), make_report(...), login_as(...). One module per area."""
