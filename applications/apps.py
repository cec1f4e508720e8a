from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApplicationsConfig(AppConfig):
    name = "applications"
    verbose_name = _("Søknader")

    def ready(self):
        from .hooks import register
        from .people.names import show_people_by_name

        register()  # the button to start an application on a call's page
        show_people_by_name()
