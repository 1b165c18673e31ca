"""The rule families; importing them registers their rules."""
from . import completeness, consistency, form, placeholders, script, terms  # noqa: F401
