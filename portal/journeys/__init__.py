"""The report engine: a report type is declared once, as data (ordered steps of small forms), and these modules
derive from it everything the generic routes need: which steps apply, where to go next, the check-your-answers rows
and the stored record."""

from portal.journeys.steps import Answers, Interruption, RepeatingGroup, RepeatReports, ReportType, Row, Step

__all__ = ["Answers", "Interruption", "RepeatReports", "RepeatingGroup", "ReportType", "Row", "Step"]
