"""summarymine: figures out of Chinese work summaries and government work reports."""
from .errors import InputError, LexiconError, NumeralError, SummarymineError
from .numerals import parse_number
from .pipeline import extract
from .quantities import Quantity, quantities
from .results import Document, DocumentInfo, Metric

__all__ = [
    "Document", "DocumentInfo", "InputError", "LexiconError", "Metric", "NumeralError", "Quantity",
    "SummarymineError", "extract", "parse_number", "quantities",
]
__version__ = "0.1.0"
