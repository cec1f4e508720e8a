"""Settings for web nodes and workers the scale tests start as separate processes.

The test settings, with what the nodes must share taken from the environment the test gives
them: the test database (``DATABASE_URL``, read by ``config.database``) and the folder of the
private storage (``UTLYSNING_PRIVATE_MEDIA_ROOT``). Object storage and a shared cache are added
here the same way, from the variables the production settings read.
"""

import os
from pathlib import Path

from config.settings.test import *  # noqa: F403
from config.settings.test import STORAGES

PRIVATE_MEDIA_ROOT = Path(os.environ["UTLYSNING_PRIVATE_MEDIA_ROOT"])
if STORAGES["private"]["BACKEND"].endswith("FileSystemStorage"):
    STORAGES = {
        **STORAGES,
        "private": {
            **STORAGES["private"],
            "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
        },
    }
