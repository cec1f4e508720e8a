"""The awards app's models, defined in its domain packages and gathered here for Django.

Django finds an app's models through ``awards.models``; the app label stays ``awards`` and the
tables keep their names whichever package a model lives in.
"""

from awards.appeals.models import Appeal
from awards.assessment.models import Case, ReviewAssignment, Score
from awards.decisions.models import (
    AWARDED_AMOUNT,
    Award,
    AwardQuerySet,
    Decision,
    DecisionDeclaration,
)
from awards.dialogue.models import InternalNote, Message, ThreadRead
from awards.followup.changes.models import ChangeRequest
from awards.followup.models import Grant
from awards.followup.payments.models import (
    GrantCondition,
    Instalment,
    PayoutRequest,
    RepaymentClaim,
)
from awards.followup.reports.models import (
    Report,
    ReportAttachment,
    ReportFigure,
    ReportReminder,
    ReportReturn,
)
from awards.letters.models import Letter, LetterBatch, LetterTemplate
from awards.public.models import PublicDataVersion

__all__ = [
    "AWARDED_AMOUNT",
    "Appeal",
    "Award",
    "AwardQuerySet",
    "Case",
    "ChangeRequest",
    "Decision",
    "DecisionDeclaration",
    "InternalNote",
    "Grant",
    "GrantCondition",
    "Instalment",
    "PayoutRequest",
    "RepaymentClaim",
    "Letter",
    "LetterBatch",
    "LetterTemplate",
    "Message",
    "PublicDataVersion",
    "Report",
    "ReportAttachment",
    "ReportFigure",
    "ReportReminder",
    "ReportReturn",
    "ReviewAssignment",
    "Score",
    "ThreadRead",
]
