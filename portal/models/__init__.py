"""Typed SQLAlchemy 2 models. Importing this package registers every table on Base.metadata."""

from portal.models.audit import AuditEvent
from portal.models.base import Base
from portal.models.case_event import CaseEvent
from portal.models.crime import (
    CrimeCategory,
    CrimeCategoryMapping,
    CrimeCount,
    CrimeMonthWithoutFigures,
    WardCrimeSummary,
)
from portal.models.draft import ReportDraft
from portal.models.evidence import Evidence, UploadAllowance
from portal.models.front_counter import FrontCounter
from portal.models.job_run import JobRun
from portal.models.outbox import OutboxMessage
from portal.models.oversight import ReportIdentifier, ReportLink
from portal.models.public_content import PublicContentVersion, RenderedPage
from portal.models.report import Report
from portal.models.report_count import ReportCount
from portal.models.retention import LegalHold, RetentionReview, RetentionRule, SubjectAccessRequest
from portal.models.staff import (
    Role,
    RolePermission,
    SignInBackoff,
    StaffEnrolmentLink,
    StaffSession,
    StaffUser,
)
from portal.models.tracking import TrackSession, TrackSignInToken
from portal.models.triage import CaseTriage
from portal.models.ward import Borough, Ward
from portal.models.ward_boundary import WardBoundary
from portal.models.ward_content import (
    AdviceArticle,
    BoroughPriority,
    PriorityFeedback,
    WardMeeting,
    WardPriority,
    WardTeamMember,
)

__all__ = ["Base", "Borough", "Ward"]
__all__ += ["WardBoundary", "CrimeCategory", "CrimeCategoryMapping", "CrimeCount", "WardCrimeSummary"]
__all__ += ["AdviceArticle", "BoroughPriority", "PriorityFeedback", "WardMeeting", "WardPriority", "WardTeamMember"]
__all__ += ["AuditEvent", "Role", "RolePermission", "StaffSession", "StaffUser"]
__all__ += ["CaseEvent", "OutboxMessage", "Report", "ReportDraft", "PublicContentVersion", "RenderedPage"]
__all__ += ["CaseTriage"]
__all__ += ["ReportCount"]
__all__ += ["ReportIdentifier", "ReportLink"]
__all__ += ["TrackSession", "TrackSignInToken"]
__all__ += ["Evidence"]
__all__ += ["JobRun"]
__all__ += ["LegalHold", "RetentionReview", "RetentionRule", "SubjectAccessRequest"]
__all__ += ["FrontCounter"]
__all__ += ["SignInBackoff", "CrimeMonthWithoutFigures", "UploadAllowance"]
__all__ += ["StaffEnrolmentLink"]
