"""Development on one machine: debug on, e-mail to the console, embedded PostgreSQL by default."""

from config.database import ensure_database

from .base import *  # noqa: F403
from .base import DATABASES, env_bool

DEBUG = env_bool("DJANGO_DEBUG", True)
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]

ensure_database(DATABASES["default"])
