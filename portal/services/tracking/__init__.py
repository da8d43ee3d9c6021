"""Victims following their own case: sign-in links, case sessions, the case page and what the victim can add.

A victim proves who they are by holding the email address given in the report: /track sends a single-use link to
it, and the link opens a session scoped to that one case. Nothing here ever reveals whether a reference exists.
"""
