"""The curators' admin: Django imports this package (``trials.admin``) to register its models."""

from trials.admin import accounts, alerts, reference, trial  # noqa: F401  (they register models)
