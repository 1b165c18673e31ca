"""Publishing: catalogues and documents -> .mo files, editions (txt, md, html) and build/manifest.json."""
from .build import DRAFT, PUBLISHED, WITHHELD, BuildResult, EditionStatus, build

__all__ = ["build", "BuildResult", "EditionStatus", "PUBLISHED", "DRAFT", "WITHHELD"]
