"""'Lost or found something?': signposting by item and place, as data, following the Met's practice since 2014: lost
property is not recorded and has no reference number, and found property is accepted only in limited cases (items
holding personal data, items identifiable by a serial number, cash with an identifiable owner, items believed stolen
or used in crime). Dangerous items are never touched: call 999 or 101."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Advice:
    heading: str
    text: str
    link_text: str = ""
    url: str = ""  # an outside address, or a portal path such as /report/theft/emergency


@dataclass(frozen=True)
class Choice:
    value: str
    label: str


LOST_ITEMS = (
    Choice("phone", "A mobile phone"),
    Choice("passport", "A passport"),
    Choice("driving-licence", "A driving licence"),
    Choice("bank-card", "A bank card, or a wallet or purse with cards in it"),
    Choice("keys", "Keys"),
    Choice("other", "Something else"),
)
PLACES = (
    Choice("tfl", "On a bus, the Tube, the DLR, the Overground, the Elizabeth line, a tram or in a black cab"),
    Choice("train", "On a National Rail train, or at a National Rail station"),
    Choice("minicab", "In a minicab or a ride-hailing car"),
    Choice("building", "In a shop, restaurant, venue or other building"),
    Choice("outside", "In the street, a park or somewhere else outside"),
    Choice("not-known", "I do not know"),
)

PHONE_BLOCK = Advice(
    "Ask your network to block it",
    "Your network can block the phone by its IMEI number, so it cannot be used on any UK network, and stop calls "
    "and data being charged to you. If you use a phone-finding service, mark the phone as lost there.",
)
LOST_BY_ITEM: dict[str, tuple[Advice, ...]] = {
    "phone": (
        PHONE_BLOCK,
        Advice(
            "If you think it was stolen, report a theft",
            "If someone took it, snatched it or took it from your bag, it was stolen, not lost: report it as a theft "
            "and you will get a crime reference number at once.",
            "Report a theft",
            "/report/theft/emergency",
        ),
        Advice(
            "Register your next phone",
            "Registering a phone's details on a property register helps police return it if it is found.",
            "Immobilise property register",
            "https://www.immobilise.com",
        ),
    ),
    "passport": (
        Advice(
            "Tell HM Passport Office straight away",
            "Report a lost passport online. It is then cancelled, so no one else can use it, even if it is found.",
            "Report a lost or stolen passport on GOV.UK",
            "https://www.gov.uk/report-a-lost-or-stolen-passport",
        ),
    ),
    "driving-licence": (
        Advice(
            "Tell the DVLA and get a replacement",
            "You can apply for a replacement licence online.",
            "Lost, stolen, damaged or destroyed driving licence on GOV.UK",
            "https://www.gov.uk/lost-stolen-driving-licence",
        ),
    ),
    "bank-card": (
        Advice(
            "Tell your bank straight away",
            "Call your bank on the number on its website or on a statement, or call 159 to reach most UK banks. They "
            "will cancel the card so no one else can use it.",
        ),
    ),
    "keys": (
        Advice(
            "Think about changing the locks",
            "If your keys could lead someone to your home or car, for example with an address tag, change the locks "
            "and tell your insurer.",
        ),
    ),
    "other": (),
}
LOST_BY_PLACE: dict[str, tuple[Advice, ...]] = {
    "tfl": (
        Advice(
            "Contact TfL Lost Property",
            "Things left on buses, the Tube, the DLR, the Overground, the Elizabeth line, trams and in black cabs go "
            "to TfL's lost property office, usually within a few days.",
            "TfL lost property",
            "https://tfl.gov.uk/help-and-contact/lost-property",
        ),
    ),
    "train": (
        Advice(
            "Contact the train company",
            "Things left on National Rail trains and at stations are kept by the train company or the station.",
            "National Rail lost property",
            "https://www.nationalrail.co.uk/help-and-assistance/lost-property/",
        ),
    ),
    "minicab": (Advice("Contact the operator", "Ask the minicab firm, or use the app you booked the car with."),),
    "building": (Advice("Ask the place", "Ask the shop, restaurant or venue: things left there are often handed in."),),
    "outside": (),
    "not-known": (),
}
NO_REFERENCE = Advice(
    "We do not record lost property",
    "Since 2014 we have not recorded lost property or given reference numbers for it. If your insurer asks for a "
    "police reference, you can print a letter that says so.",
)


@dataclass(frozen=True)
class FoundItem:
    value: str
    label: str
    outcome: str  # "accepted", "danger", or the key of the advice that applies instead
    hint: str = ""


DANGER = "danger"
ACCEPTED = "accepted"
FOUND_ITEMS = (
    FoundItem(
        "device",
        "A phone, laptop, tablet, camera or anything else that holds personal data",
        ACCEPTED,
    ),
    FoundItem(
        "serial", "Something with a serial number that identifies it, such as a bicycle or a power tool", ACCEPTED
    ),
    FoundItem(
        "cash-owner",
        "Cash, a wallet or a purse, and you can tell whose it is",
        ACCEPTED,
        "For example, from a bank card or an ID card inside.",
    ),
    FoundItem("crime", "Something you think was stolen or used in a crime", ACCEPTED),
    FoundItem(
        "dangerous",
        "A gun, ammunition, explosives, drugs or chemicals",
        DANGER,
        "Do not touch it.",
    ),
    FoundItem("passport", "A passport or a driving licence", "documents"),
    FoundItem("bank-card", "A bank card on its own", "bank-card"),
    FoundItem(
        "other",
        "Something else",
        "not-accepted",
        "For example, keys, clothes, an umbrella, or cash when you cannot tell whose it is.",
    ),
)
FOUND_ITEM = {item.value: item for item in FOUND_ITEMS}
FOUND_PLACES = (
    Choice("transport", "On a bus, a train, the Tube or a tram, in a taxi, or at a station"),
    Choice("building", "In a shop, restaurant, venue or other building"),
    Choice("outside", "In the street, a park or somewhere else outside"),
)
FOUND_ADVICE: dict[str, Advice] = {
    "transport": Advice(
        "Hand it to the transport staff",
        "Give it to the driver or to staff at the station. Transport operators run their own lost property offices, "
        "where owners look first.",
    ),
    "documents": Advice(
        "Return it to the office that issued it",
        "A passport goes back to HM Passport Office and a driving licence to the DVLA: GOV.UK explains how to return "
        "one you have found. The owner will have cancelled it if they reported it lost.",
    ),
    "bank-card": Advice(
        "Cut it in half, or hand it to the bank",
        "Cut through the chip and the number, or hand it in at a branch of the bank named on it. Do not use it.",
    ),
    "not-accepted": Advice(
        "We cannot take it",
        "Front counters no longer take in found property like this. Hand it to the place where you found it, such as "
        "the shop or the venue, or keep it safe and see if the owner comes back for it.",
    ),
}


@dataclass(frozen=True)
class FoundOutcome:
    kind: str  # "accepted", "danger" or "advice"
    advice: Advice | None = None


def found_outcome(item: str, place: str) -> FoundOutcome:
    """What to do with a found item. Danger first, then things found on transport (their operator takes them),
    then the few things we accept, then where else it should go."""
    found = FOUND_ITEM[item]
    if found.outcome == DANGER:
        return FoundOutcome(DANGER)
    if place == "transport":
        return FoundOutcome("advice", FOUND_ADVICE["transport"])
    if found.outcome == ACCEPTED:
        return FoundOutcome(ACCEPTED)
    return FoundOutcome("advice", FOUND_ADVICE[found.outcome])


def accepted_found_items() -> list[tuple[str, str]]:
    """The found items we take: the first question of the found property report."""
    return [(item.value, item.label) for item in FOUND_ITEMS if item.outcome == ACCEPTED]


def lost_advice(item: str, place: str) -> list[Advice]:
    return [*LOST_BY_ITEM[item], *LOST_BY_PLACE[place]]
