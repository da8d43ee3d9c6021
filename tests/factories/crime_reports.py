"""Valid answers, page by page, for the volume crime types, found property and giving information: walk them with
tests/factories/reports.py's walk(client, slug, pages)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from tests.factories.reports import CONTACT, HATE_NO, YESTERDAY, date_parts

Pages = list[tuple[str, dict[str, Any]]]
# A real IMEI (its check digit passes), written as people copy it from a box.
IMEI = "35 209900 176148 1"
NO_ONE = ("people", {"suspect_known": "no", "witnesses": "no"})
NO_REFERRAL = ("support", {"support_referral": ["none"]})
HATE_YES = [
    ("hate-crime", {"hate_crime": "yes"}),
    (
        "hate-crime-details",
        {"hate_strands": ["race", "religion"], "hate_perceived_by": "victim", "hate_reasons": "Slurs were shouted"},
    ),
]


def _when() -> tuple[str, dict[str, Any]]:
    return ("when", {"date": date_parts(YESTERDAY), "time": "21:40"})


def _where(ward_code: str, place: str) -> Pages:
    return [("where", {"ward": ward_code}), ("place", {"place": place, "postcode": ""})]


def _hate(hate: bool) -> Pages:
    return HATE_YES if hate else [HATE_NO]


def theft_pages(ward_code: str, hate: bool = False, referral: str = "victim-support") -> Pages:
    return [
        ("emergency", {"emergency": "no"}),
        ("kind", {"theft_kind": "snatch"}),
        _when(),
        *_where(ward_code, "Outside Tottenham Court Road station"),
        ("what-happened", {"what_happened": "A man on a moped took my phone from my hand and rode off."}),
        ("items/1", {"item": "Phone in a blue case", "make": "Apple", "model": "iPhone 15", "value": "799"}),
        ("items", {"add_another": "no"}),
        ("phone-taken", {"phone_taken": "yes"}),
        ("phone", {"phone_make": "Apple", "phone_model": "iPhone 15", "imei": IMEI, "blocked": "yes"}),
        ("people", {"suspect_known": "yes", "witnesses": "no"}),
        ("suspects/1", {"suspect_name": "", "suspect_description": "Black helmet, grey jacket, red moped"}),
        ("suspects", {"add_another": "no"}),
        *_hate(hate),
        *CONTACT,
        ("support", {"support_referral": [referral]}),
    ]


def burglary_pages(ward_code: str) -> Pages:
    secured = date.today() - timedelta(days=2)
    return [
        ("emergency", {"emergency": "no"}),
        ("premises", {"premises": "home"}),
        ("scene-advice", {}),
        ("scene", {"scene": "untouched"}),
        (
            "when",
            {
                "secured_date": date_parts(secured),
                "secured_time": "08:00",
                "found_date": date_parts(YESTERDAY),
                "found_time": "18:30",
            },
        ),
        *_where(ward_code, "My flat, 12 Dean Street"),
        ("entry", {"entry": "door-forced", "entry_details": "The back door lock was snapped"}),
        ("items-any", {"items_any": "yes"}),
        ("items/1", {"item": "Laptop", "make": "Dell", "serial_number": "CN-0ABC12-34567", "value": "650"}),
        ("items", {"add_another": "no"}),
        ("people", {"suspect_known": "no", "witnesses": "yes"}),
        ("witness-details/1", {"witness_name": "Pat Jones", "witness_saw": "Two men leaving with bags"}),
        ("witness-details", {"add_another": "no"}),
        HATE_NO,
        *CONTACT,
        NO_REFERRAL,
    ]


def criminal_damage_pages(ward_code: str, hate: bool = False) -> Pages:
    return [
        ("emergency", {"emergency": "no"}),
        ("damage", {"damaged": "vehicle", "graffiti": "yes", "damage": "Symbols sprayed on the bonnet"}),
        _when(),
        *_where(ward_code, "Outside 4 Greek Street"),
        ("cost", {"cost": "450"}),
        ("items-any", {"items_any": "no"}),
        NO_ONE,
        *_hate(hate),
        *CONTACT,
        NO_REFERRAL,
    ]


def vehicle_crime_pages(ward_code: str) -> Pages:
    return [
        ("emergency", {"emergency": "no"}),
        ("kind", {"vehicle_crime": "stolen"}),
        ("vehicle", {"registration": "lk19 xyz", "make": "Honda", "model": "PCX 125", "colour": "White", "vin": ""}),
        ("keys", {"keys": "all"}),
        _when(),
        *_where(ward_code, "Parked on Frith Street"),
        ("what-happened", {"what_happened": "It was chained to a post overnight and had gone in the morning."}),
        ("items-any", {"items_any": "no"}),
        NO_ONE,
        HATE_NO,
        *CONTACT,
        NO_REFERRAL,
    ]


def bicycle_theft_pages(ward_code: str) -> Pages:
    return [
        ("emergency", {"emergency": "no"}),
        (
            "bicycle",
            {
                "bike_make": "Brompton",
                "bike_model": "C Line",
                "bike_colour": "Red",
                "bike_type": "folding",
                "frame_number": "ab 123456",
                "bike_value": "1,200",
            },
        ),
        ("locked", {"locked": "stand", "lock": "D-lock"}),
        ("register", {"register": "bikeregister", "register_number": "BR-0042"}),
        _when(),
        *_where(ward_code, "Cycle stands in Soho Square"),
        ("items-any", {"items_any": "no"}),
        NO_ONE,
        HATE_NO,
        *CONTACT,
        NO_REFERRAL,
    ]


def found_property_pages(ward_code: str, serial_number: str = IMEI) -> Pages:
    return [
        ("emergency", {"emergency": "no"}),
        ("what", {"found_kind": "device"}),
        ("item", {"item": "Phone", "make": "Apple", "model": "iPhone 15", "serial_number": serial_number}),
        ("when", {"date": date_parts(YESTERDAY), "time": ""}),
        *_where(ward_code, "A bench in Soho Square"),
        ("owner", {"owner": ""}),
        *CONTACT,
    ]


def give_information_pages(ward_code: str, anonymous: bool = True) -> Pages:
    contact = [("contact-choice", {"give_details": "no"})]
    if not anonymous:
        contact = [("contact-choice", {"give_details": "yes"}), *CONTACT]
    return [
        ("emergency", {"emergency": "no"}),
        ("about", {"about": "drugs"}),
        ("information", {"information": "Drugs are sold from a car outside the launderette most evenings."}),
        *_where(ward_code, "Outside the launderette on Old Compton Street"),
        ("people-known", {"suspect_known": "no"}),
        HATE_NO,
        *contact,
    ]


PAGES = {
    "theft": theft_pages,
    "burglary": burglary_pages,
    "criminal-damage": criminal_damage_pages,
    "vehicle-crime": vehicle_crime_pages,
    "bicycle-theft": bicycle_theft_pages,
    "found-property": found_property_pages,
    "give-information": give_information_pages,
}
