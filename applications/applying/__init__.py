"""Sketches and applications: sections, partners, budget, attachments, completeness, submission."""
