"""summarymine: figures out of Chinese work summaries and government work reports."""
from typing import Any

# compare and audit are both submodules and functions: importing the functions here, after their
# modules, keeps ``summarymine.compare`` the function whatever imports the module later.
from .audit import AboutBand, Audit, Finding, Tolerances, audit, load_targets
from .compare import Comparison, compare
from .errors import InputError, LexiconError, NumeralError, SummarymineError
from .lexicon import Lexicons
from .numerals import parse_number
from .pipeline import extract
from .quantities import Quantity, quantities
from .results import Document, DocumentInfo, Metric
from .taxonomy import Taxonomy, default_taxonomy

__all__ = [
    "AboutBand", "Audit", "Finding", "Store", "Tolerances", "audit", "import_paths", "load_targets",
    "Comparison", "Document", "DocumentInfo", "InputError", "LexiconError", "Lexicons", "Metric", "NumeralError", "Quantity",
    "SummarymineError", "Taxonomy", "compare", "default_taxonomy", "extract", "parse_number", "quantities",
]
__version__ = "0.1.0"


# Loaded on first use (PEP 562): importing summarymine loads no document reader.
_LAZY = {"import_paths": ".ingest", "Store": ".store"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        module = importlib.import_module(_LAZY[name], __name__)
        # Importing a submodule binds its name to the module; the package exports its functions.
        globals().update({n: getattr(module, n) for n, m in _LAZY.items() if m == _LAZY[name]})
        return globals()[name]
    raise AttributeError(f"module 'summarymine' has no attribute {name!r}")
