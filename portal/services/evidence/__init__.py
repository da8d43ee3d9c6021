"""Evidence files: accept them safely, keep them unchanged, preview and serve them to the people allowed to see them.

`receive()` is the entry point for an upload; `serve.prepare()` opens a stored file to send; `make_preview()` makes
a metadata-free image copy for staff. See docs/evidence.md.
"""

from portal.services.evidence.limits import Limits
from portal.services.evidence.previews import Preview, make_preview
from portal.services.evidence.receive import Received, Refused, receive
from portal.services.evidence.scan import ScanResult, ScanStatus
from portal.services.evidence.storage import LocalStorage, Storage, storage_for
from portal.services.evidence.types import ACCEPT_ATTRIBUTE, ACCEPTED_SENTENCE, Kind

__all__ = [
    "ACCEPTED_SENTENCE",
    "ACCEPT_ATTRIBUTE",
    "Kind",
    "Limits",
    "LocalStorage",
    "Preview",
    "Received",
    "Refused",
    "ScanResult",
    "ScanStatus",
    "Storage",
    "make_preview",
    "receive",
    "storage_for",
]
