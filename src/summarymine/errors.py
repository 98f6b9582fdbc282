"""One error hierarchy: callers catch ``SummarymineError``; the ones a caller
would expect as ``ValueError`` are ``ValueError`` too."""


class SummarymineError(Exception):
    """Base of every error summarymine raises on purpose."""


class NumeralError(SummarymineError, ValueError):
    """A string that is not a numeral was given to ``parse_number``."""


class LexiconError(SummarymineError, ValueError):
    """A lexicon or taxonomy file is malformed; the message names file, line and reason."""


class InputError(SummarymineError, ValueError):
    """A document could not be read (missing, undecodable, unsupported)."""


class StoreError(InputError):
    """A store that cannot be opened, read or written: not a summarymine store, corrupt, newer, disk full."""
