"""Applicant screens for one application: its sections, and starting and sending it."""
