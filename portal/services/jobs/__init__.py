"""Scheduled jobs: what runs when (schedule.py), and running whatever is due, once across machines (runner.py)."""
