from django.conf import settings

# Stands in for the visitor's CSRF token in pages cached for every visitor; each response gets
# the visitor's own token in its place.
CSRF_PLACEHOLDER = "csrf-token-placeholder-4f1c9a"


def site(request):
    context = {
        "SITE_NAME": settings.SITE_NAME,
        "FUNDING_ORGANISATION_NAME": settings.FUNDING_ORGANISATION_NAME,
    }
    if getattr(request, "render_for_public_cache", False):
        context["csrf_token"] = CSRF_PLACEHOLDER
    return context
