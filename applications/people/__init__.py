"""Organisations, the people who act for them, invitations, access requests and account data."""
