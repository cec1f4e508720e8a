"""The models of the applications app, defined by subject in ``people`` and ``applying``.

Django finds them here (the app label stays ``applications``), and the migrations refer to some
helpers by this module's name (``orgnr_validator``, ``private_storage``, ``attachment_path``).
"""

from .applying.models import (
    APPLICANT_STATUS_LABELS,
    Application,
    Attachment,
    CorrectionRequest,
    CostLine,
    Partner,
    attachment_path,
    private_storage,
)
from .applying.reminders import DeadlineReminder
from .applying.targets import IndicatorTarget
from .people.models import AccessRequest, Invitation, Membership, Organisation, orgnr_validator

__all__ = [
    "APPLICANT_STATUS_LABELS",
    "AccessRequest",
    "Application",
    "Attachment",
    "CorrectionRequest",
    "CostLine",
    "DeadlineReminder",
    "IndicatorTarget",
    "Invitation",
    "Membership",
    "Organisation",
    "Partner",
    "attachment_path",
    "orgnr_validator",
    "private_storage",
]
