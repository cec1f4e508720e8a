"""Settings for web nodes and workers the scale tests start as separate processes.

The test settings, with what the nodes must share taken from the environment the test gives
them: the test database (``DATABASE_URL``, read by ``config.database``) and the folder of the
private storage (``UTLYSNING_PRIVATE_MEDIA_ROOT``). Object storage and a shared cache are added
here the same way, from the variables the production settings read.
"""

import os
from pathlib import Path

from config.settings.base import private_storage_config
from config.settings.test import *  # noqa: F403
from config.settings.test import STORAGES

PRIVATE_MEDIA_ROOT = Path(os.environ["UTLYSNING_PRIVATE_MEDIA_ROOT"])
if os.environ.get("AWS_STORAGE_BUCKET_NAME"):  # object storage, as production reads it
    STORAGES = {**STORAGES, "private": private_storage_config()}
else:
    STORAGES = {
        **STORAGES,
        "private": {
            **STORAGES["private"],
            "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
        },
    }
