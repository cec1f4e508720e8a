from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApplicationsConfig(AppConfig):
    name = "applications"
    verbose_name = _("Søknader")

    def ready(self):
        from .applying.reminders import register_jobs
        from .hooks import register
        from .people.names import show_people_by_name

        register()  # the button to start an application on a call's page
        register_jobs()  # deadline reminders, run by the scheduler
        show_people_by_name()
