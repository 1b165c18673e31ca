"""`i18n check`: catalogues and glossary in, findings out. Rules live in ``rules/``, one module per
family, registered with their code, name, kind, severity and documentation in ``registry``."""
from .engine import Fixed, Notice, Options, Report, apply_fixes, check, fix, target_of
from .model import ERROR, INFO, SEVERITIES, WARNING, Finding
from .registry import RULES, Rule, known, no_rule_matches, selected

__all__ = ["Fixed", "Notice", "Options", "Report", "apply_fixes", "check", "fix", "target_of", "ERROR", "INFO", "SEVERITIES", "WARNING",
           "Finding", "RULES", "Rule", "known", "no_rule_matches", "selected"]
