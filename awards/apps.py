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
        from .public.cache import connect_signals

        connect_signals()
        # After every migrate and every test-database flush the role groups are back as defined.
        post_migrate.connect(_sync_roles, sender=self, dispatch_uid="awards.sync_roles")
