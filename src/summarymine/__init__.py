"""summarymine: figures out of Chinese work summaries and government work reports."""
from .errors import InputError, LexiconError, NumeralError, SummarymineError
from .numerals import parse_number
from .pipeline import extract
from .quantities import Quantity, quantities
from .results import Document, DocumentInfo, Metric
from .taxonomy import Taxonomy, default_taxonomy

__all__ = [
    "Comparison", "Document", "DocumentInfo", "InputError", "LexiconError", "Metric", "NumeralError", "Quantity",
    "SummarymineError", "Taxonomy", "compare", "default_taxonomy", "extract", "parse_number", "quantities",
]
__version__ = "0.1.0"


def __getattr__(name: str):  # noqa: ANN202 - PEP 562: pandas loads only when comparing
    if name in {"compare", "Comparison"}:
        import importlib

        module = importlib.import_module(".compare", __name__)
        # Importing the submodule bound the name to the module; the package exports the function.
        globals().update(compare=module.compare, Comparison=module.Comparison)
        return globals()[name]
    raise AttributeError(f"module 'summarymine' has no attribute {name!r}")
