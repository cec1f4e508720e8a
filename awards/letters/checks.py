"""A system check: letter PDFs need WeasyPrint and the Pango libraries it loads."""

from __future__ import annotations

from django.core import checks


@checks.register(checks.Tags.compatibility)
def check_letter_pdf_renderer(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    try:
        import weasyprint  # noqa: F401  (loads Pango, HarfBuzz and fontconfig)
    except (ImportError, OSError) as error:
        return [
            checks.Warning(
                f"Letter PDFs cannot be rendered: {error}",
                hint=(
                    "Install the Pango libraries on every machine that renders letters "
                    "(Debian: apt-get install libpango-1.0-0 libpangoft2-1.0-0 "
                    "libharfbuzz-subset0), then restart."
                ),
                id="awards.W001",
            )
        ]
    return []
