"""English <-> Simplified Chinese content-localization toolkit."""
from importlib.metadata import PackageNotFoundError, version

from .runtime import translation

__all__ = ["translation", "__version__"]

try:
    __version__ = version("zhen-l10n")
except PackageNotFoundError:  # running from a source tree that was not installed
    __version__ = "0.0.0"
