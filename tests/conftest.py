import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _bokmaal():
    """Every test starts in the default language, as a visitor would."""
    translation.activate("nb")
    yield
    translation.deactivate()
