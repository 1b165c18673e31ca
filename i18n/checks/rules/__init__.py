"""The rule families; importing them registers their rules."""
from . import completeness, consistency, form, script, terms  # noqa: F401
