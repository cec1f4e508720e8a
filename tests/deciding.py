"""Deciding in tests as an adviser does on the case page: declare impartiality on the
application first, then decide through the decision service."""

from awards.decisions import services as decision_services
from awards.decisions.declarations import decision_declare


def decision_make(*, application, by, **values):
    decision_declare(application=application, impartial=True, by=by)
    return decision_services.decision_make(application=application, by=by, **values)
