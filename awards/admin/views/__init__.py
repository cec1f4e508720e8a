"""Custom admin pages for what a list cannot show."""
