"""Report types, one module each. Adding a type = one new module declaring a ReportType, listed here."""

from __future__ import annotations

from portal.journeys import ReportType
from portal.report_types.anti_social_behaviour import ANTI_SOCIAL_BEHAVIOUR
from portal.report_types.fraud import FRAUD
from portal.report_types.road_traffic import ROAD_TRAFFIC_INCIDENT

REPORT_TYPES: dict[str, ReportType] = {
    report_type.slug: report_type for report_type in (ROAD_TRAFFIC_INCIDENT, FRAUD, ANTI_SOCIAL_BEHAVIOUR)
}
