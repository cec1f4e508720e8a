from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync_roles(sender, **kwargs):
    from .roles import sync_roles

    sync_roles()


class AwardsConfig(AppConfig):
    name = "awards"
    verbose_name = _("Tildelinger")

    def ready(self):
        from .caching import connect_signals
        from .hooks import register

        connect_signals()
        register()  # what awards adds to the pages of calls and applications
        # After every migrate and every test-database flush the role groups are back as defined.
        post_migrate.connect(_sync_roles, sender=self, dispatch_uid="awards.sync_roles")
