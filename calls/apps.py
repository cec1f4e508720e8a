from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CallsConfig(AppConfig):
    name = "calls"
    verbose_name = _("Utlysninger")

    def ready(self):
        from calls import checks  # noqa: F401  (registers the system checks)
