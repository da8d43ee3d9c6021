"""Report types, one module each. Adding a type = one new module declaring a ReportType, listed here."""

from __future__ import annotations

from portal.journeys import ReportType
from portal.report_types.anti_social_behaviour import ANTI_SOCIAL_BEHAVIOUR
from portal.report_types.bicycle_theft import BICYCLE_THEFT
from portal.report_types.burglary import BURGLARY
from portal.report_types.criminal_damage import CRIMINAL_DAMAGE
from portal.report_types.found_property import FOUND_PROPERTY
from portal.report_types.fraud import FRAUD
from portal.report_types.give_information import GIVE_INFORMATION
from portal.report_types.road_traffic import ROAD_TRAFFIC_INCIDENT
from portal.report_types.theft import THEFT
from portal.report_types.vehicle_crime import VEHICLE_CRIME

REPORT_TYPES: dict[str, ReportType] = {
    report_type.slug: report_type
    for report_type in (
        THEFT,
        BURGLARY,
        CRIMINAL_DAMAGE,
        VEHICLE_CRIME,
        BICYCLE_THEFT,
        ROAD_TRAFFIC_INCIDENT,
        FRAUD,
        ANTI_SOCIAL_BEHAVIOUR,
        GIVE_INFORMATION,
        FOUND_PROPERTY,
    )
}
