"""Staff accounts, sign-in, sessions, permissions and the audit log."""
