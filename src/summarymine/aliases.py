"""One body under one name: the other names of bodies (renamed, or named with their city) and the
canonical name they are reported under, so that one body's documents line up across years."""
from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path

from .lexicon import Row, bundled, on_reload, read_rows
from .normalize import normalize
from .results import Document

# 呼伦贝尔市海拉尔区人民政府 and 海拉尔区人民政府 are one body: the city before a district is dropped.
_PARENT_CITY = re.compile(r"^[\u4e00-\u9fff]{2,6}?市(?=[\u4e00-\u9fff]{2,6}?[区县旗])")


def _key(name: str) -> str:
    """How names are compared: simplified, half width, no spaces, no city before a district."""
    compact = normalize(name).replace(" ", "").replace("\u3000", "")
    return _PARENT_CITY.sub("", compact)


@dataclass(frozen=True)
class Aliases:
    """Other names of bodies → their canonical name. ``Aliases.load(path)`` reads a user's file
    (canonical name, then its other names, tab-separated; # comments), ``default()`` the bundled one."""

    names: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def from_rows(cls, rows: Iterable[Row]) -> Aliases:
        names: dict[str, str] = {}
        for row in rows:
            canonical = row.fields[0]
            for name in row.fields:
                if name:
                    names[_key(name)] = canonical
        return cls(names)

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> Aliases:
        """A user's alias file; a malformed or unreadable one is a ``LexiconError`` naming file and line."""
        return cls.from_rows(read_rows(Path(path), 2, 256))

    @classmethod
    def default(cls) -> Aliases:
        return _bundled_aliases()

    def extended(self, other: Aliases) -> Aliases:
        """These aliases with ``other``'s added; ``other`` wins where both name a body."""
        return Aliases({**self.names, **other.names})

    def canonical(self, org: str | None) -> str | None:
        if org is None:
            return None
        return self.names.get(_key(org), org)

    def apply(self, doc: Document) -> Document:
        """``doc`` with its body under its canonical name."""
        org = self.canonical(doc.info.org)
        return doc if org == doc.info.org else replace(doc, info=replace(doc.info, org=org))


@cache
def _bundled_aliases() -> Aliases:
    return Aliases.from_rows(list(bundled("aliases.tsv", 2, 256)))


on_reload(_bundled_aliases)


# What ``extract`` and ``describe`` take as ``aliases``: an ``Aliases``, the path of an alias file, or None.
AliasesLike = Aliases | str | os.PathLike[str] | None


def aliases_of(given: AliasesLike) -> Aliases:
    """The bundled aliases, extended by ``given`` (an ``Aliases`` or the path of an alias file)."""
    if given is None:
        return Aliases.default()
    user = given if isinstance(given, Aliases) else Aliases.load(given)
    return Aliases.default().extended(user)


# 海拉尔区政府 is how people name 海拉尔区人民政府.
_GOVERNMENT = re.compile(r"(?:人民)?政府$")


def org_matches(wanted: str | None, org: str | None) -> bool:
    """Whether the body ``org`` is the one asked for: ``wanted`` is part of its name, in either script
    and width, or its canonical name (呼伦贝尔市海拉尔区人民政府 and 海拉尔区政府 are 海拉尔区人民政府)."""
    if wanted is None:
        return True
    if org is None:
        return False
    name = normalize(org).replace(" ", "")
    query = _PARENT_CITY.sub("", normalize(wanted).replace(" ", ""))
    return bool(query) and (query in name or _GOVERNMENT.sub("", query) == _GOVERNMENT.sub("", name))
