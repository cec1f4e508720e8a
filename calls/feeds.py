"""Atom feed of newly published calls."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from .models import Call

FEED_LENGTH = 50


class CallFeed(Feed):
    feed_type = Atom1Feed

    def title(self):
        return _("Nye utlysninger")

    def subtitle(self):
        return _("Utlysninger av tilskudd, med den sist publiserte først.")

    def link(self):
        return reverse("calls:list")

    # No ``language`` here: Django reads it as an attribute (a method would be printed as its
    # repr) and, left unset, uses the language of the request.

    def items(self):
        return Call.objects.published().order_by("-created_at", "-pk")[:FEED_LENGTH]

    def item_title(self, call):
        return call.title

    def item_description(self, call):
        return call.summary

    def item_pubdate(self, call):
        return call.created_at

    def item_updateddate(self, call):
        return call.updated_at
