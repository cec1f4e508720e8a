"""The advisers' admin, one module per area. Importing the package registers every admin.

Domain packages (assessment, decisions, letters) never import this one.
"""

from . import applications, calls, cases, decisions, letters, reviews, users  # noqa: F401
