"""Atom feed of newly published awards."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from awards.decisions.models import Award
from calls.templatetags.utlysning import format_kroner

FEED_LENGTH = 50


class AwardFeed(Feed):
    feed_type = Atom1Feed

    def title(self):
        return _("Nye tildelinger")

    def subtitle(self):
        return _("Prosjekter som har fått tilbud om støtte, med den nyeste først.")

    def link(self):
        return reverse("awards:list")

    # No ``language`` here: Django reads it as an attribute (a method would be printed as its
    # repr) and, left unset, uses the language of the request.

    def items(self):
        return (
            Award.objects.published()
            .select_related(
                "application__organisation__county", "application__call", "application__decision"
            )
            .order_by("-decided_at", "-pk")[:FEED_LENGTH]
        )

    def item_title(self, award):
        return f"{award.application.organisation.name}: {award.application.title}"

    def item_description(self, award):
        return _("%(amount)s fra %(call)s.") % {
            "amount": format_kroner(award.amount),
            "call": award.application.call.title,
        }

    def item_pubdate(self, award):
        return award.decided_at

    def item_updateddate(self, award):
        return award.updated_at
