from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AwardsConfig(AppConfig):
    name = "awards"
    verbose_name = _("Tildelinger")

    def ready(self):
        from .caching import connect_signals

        connect_signals()
