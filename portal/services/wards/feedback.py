""" "Tell us your priorities": residents choose up to three local issues and may add a sentence.

The list of issues is fixed, so answers can be counted per ward for the staff view. The sentence is stored exactly
as typed and only ever rendered escaped.
"""

from __future__ import annotations

from collections import Counter

from sqlalchemy import func, select

from portal.db import session
from portal.models import PriorityFeedback, Ward

MAX_ISSUES = 3
MAX_COMMENT = 500
ISSUES: tuple[tuple[str, str], ...] = (
    ("anti-social-behaviour", "Anti-social behaviour"),
    ("drugs", "Drug dealing or drug use"),
    ("burglary", "Burglary"),
    ("phone-and-bag-theft", "Phone and bag theft"),
    ("vehicle-crime", "Vehicle crime"),
    ("bicycle-theft", "Bicycle theft"),
    ("violence", "Violence and knife crime"),
    ("speeding", "Speeding and dangerous driving"),
    ("shoplifting", "Shoplifting"),
    ("fraud", "Scams and fraud"),
)
ISSUE_LABELS = dict(ISSUES)


def save_feedback(ward: Ward, issues: list[str], comment: str | None) -> PriorityFeedback:
    unknown = [issue for issue in issues if issue not in ISSUE_LABELS]
    if unknown or not 1 <= len(issues) <= MAX_ISSUES:
        raise ValueError("choose between one and three issues from the list")
    feedback = PriorityFeedback(ward_id=ward.id, issues=",".join(issues), comment=comment or None)
    session.add(feedback)
    session.commit()
    return feedback


def issue_counts(ward: Ward) -> list[tuple[str, int]]:
    """How often residents of the ward chose each issue, most chosen first (for the staff view)."""
    counts: Counter[str] = Counter()
    for issues in session.scalars(select(PriorityFeedback.issues).where(PriorityFeedback.ward_id == ward.id)):
        counts.update(issues.split(","))
    return [(ISSUE_LABELS.get(key, key), count) for key, count in counts.most_common()]


def responses_by_ward() -> dict[int, int]:
    """Number of responses per ward id."""
    rows = session.execute(select(PriorityFeedback.ward_id, func.count()).group_by(PriorityFeedback.ward_id))
    return dict(rows.tuples().all())
