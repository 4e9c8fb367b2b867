"""reformparse: extract initiatives from Japanese administrative-reform reports."""

from .errors import ReformParseError

__version__ = "0.1.0"

__all__ = ["ReformParseError", "__version__", "extract"]


def extract(source, *, labels=None, encoding=None):  # noqa: ANN001 - re-exported with full hints
    """Extract one report (path to .txt/.md/.pdf) into a `reformparse.models.Document`."""
    from .pipeline import extract as _extract

    return _extract(source, labels=labels, encoding=encoding)
