"""What a file is: its first bytes decide, its extension only when they say nothing."""
from __future__ import annotations

import io
import zipfile
from pathlib import Path, PurePosixPath

import regex

HEAD = 8192  # bytes read to sniff
EXTENSIONS = {
    ".txt": "text", ".text": "text", ".md": "text", ".markdown": "text",
    ".html": "html", ".htm": "html", ".xhtml": "html", ".shtml": "html",
    ".docx": "docx", ".doc": "doc", ".pdf": "pdf", ".zip": "zip",
}
# Kinds with a reader ("zip" is walked); the others are recognised only to be refused clearly.
SUPPORTED = {"text", "html", "docx", "pdf", "doc", "zip"}
UNSUPPORTED = {
    "ooxml": "an Office Open XML file that is not a Word document (.xlsx, .pptx?): not supported",
    "package": "an OpenDocument or EPUB package: not supported (convert it to .docx)",
}
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_HTML = regex.compile(rb"\A(?:\s|<\?xml[^>]*>|<!--.*?-->)*<(?:!doctype\s+html|html[\s>])", regex.I | regex.S)


def extension_kind(name: str) -> str | None:
    return EXTENSIONS.get(PurePosixPath(name.replace("\\", "/")).suffix.lower())


def classify(head: bytes, name: str, zip_source: str | Path | io.BytesIO) -> str:
    """The kind of a file: one of ``SUPPORTED`` or ``UNSUPPORTED``, or "unknown"."""
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        kind = zip_kind(zip_source)
        if kind:
            return kind
        # An unreadable zip: the extension says which reader reports it (".docx": corrupt .docx).
        by_name = extension_kind(name)
        return by_name if by_name in ("docx", "zip") else "zip"
    if head.startswith(_OLE):
        return "doc"
    if looks_html(head):
        return "html"
    return extension_kind(name) or "unknown"


def looks_html(head: bytes) -> bool:
    head = head[:1024]
    for bom in (b"\xef\xbb\xbf",):
        if head.startswith(bom):
            head = head[len(bom):]
    return bool(_HTML.match(head))


def zip_kind(source: str | Path | io.BytesIO) -> str | None:
    """"docx", "ooxml" (other Office Open XML), "package" (ODF, EPUB) or "zip"; ``None`` if unreadable."""
    try:
        if isinstance(source, io.BytesIO):
            source.seek(0)
        with zipfile.ZipFile(source) as archive:
            names = set(archive.namelist())
            if "word/document.xml" in names:
                return "docx"
            if "[Content_Types].xml" in names:
                info = archive.getinfo("[Content_Types].xml")
                types = archive.read(info) if info.file_size < 1024 * 1024 and not info.flag_bits & 1 else b""
                return "docx" if b"wordprocessingml.document.main+xml" in types else "ooxml"
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, RuntimeError):
        return None
    if ("mimetype" in names and "META-INF/manifest.xml" in names) or "META-INF/container.xml" in names:
        return "package"
    return "zip"


def wanted(kind: str, name: str) -> bool:
    """Whether a walk takes this file up: a document by its content or by its extension."""
    return kind in SUPPORTED or extension_kind(name) is not None
