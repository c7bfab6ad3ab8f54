"""The curators' admin: Django imports this package to register the trial screens."""

from trials.admin import trial  # noqa: F401  (registers the models)
