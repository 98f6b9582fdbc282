"""The optional dependencies: which extra of the package installs each, and the error that names it.

``import summarymine`` and ``extract`` need jieba, regex, opencc and PyYAML only. Everything else
is imported where it is used, inside ``needs(extra, feature)``, so that a missing package is a
``MissingExtraError`` that says which extra to install, not a ``ModuleNotFoundError``.
"""
from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from contextlib import contextmanager

from .errors import MissingExtraError

# The modules each extra of pyproject.toml brings (tests/test_packaging.py keeps the two in step).
EXTRAS: dict[str, tuple[str, ...]] = {
    "import": ("charset_normalizer", "lxml", "pypdf", "bs4", "tqdm"),
    "compare": ("pandas", "pyarrow", "openpyxl"),
    "dask": ("dask", "distributed"),
    "spacy": ("spacy",),
}


def missing(extra: str, module: str, feature: str) -> MissingExtraError:
    return MissingExtraError(f"{feature} needs {module}, which is not installed: pip install 'summarymine[{extra}]'")


@contextmanager
def needs(extra: str, feature: str) -> Iterator[None]:
    """Around the imports of ``feature``: a module not installed raises ``MissingExtraError`` naming ``extra``."""
    try:
        yield
    except ModuleNotFoundError as exc:
        raise missing(extra, (exc.name or str(exc)).split(".")[0], feature) from exc


def require(extra: str, feature: str) -> None:
    """Raise ``MissingExtraError`` now unless every module of ``extra`` is installed (none is imported here)."""
    for module in EXTRAS[extra]:
        if importlib.util.find_spec(module) is None:
            raise missing(extra, module, feature)
