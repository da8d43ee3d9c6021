"""Running the portal in production: the one-machine stack (`stack.py`), its nginx template and systemd units."""
