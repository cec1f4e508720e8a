from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApplicationsConfig(AppConfig):
    name = "applications"
    verbose_name = _("Søknader")

    def ready(self):
        from .applying import checks  # noqa: F401  (registers the deployment check)
        from .applying.reminders import register_jobs
        from .applying.storage import connect_file_cleanup
        from .hooks import register
        from .people.names import show_people_by_name
        from .people.register_check import register_jobs as register_register_jobs

        register()  # the button to start an application on a call's page
        register_jobs()  # deadline reminders, run by the scheduler
        register_register_jobs()  # organisations checked again in Enhetsregisteret
        show_people_by_name()
        # Every model's stored files (attachments, letters) go when their row is deleted.
        connect_file_cleanup()
