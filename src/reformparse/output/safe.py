"""Text that can always be written: file names that are not valid UTF-8, lone surrogates, odd numbers.

- `shown_name`: a file name or path as one printable line of valid UTF-8. Bytes that are not UTF-8
  (Python keeps them as surrogates, `\\udcff`) become `\\xff`, control characters (a newline in a
  name) `\\n` or `\\x1b`; the result is stable, so it can key a manifest and name an output file.
- `clean_text`: any other text with lone surrogates (a `--encoding unicode_escape` report) gets
  U+FFFD in their place.
- `clean_data`: a JSON-ready structure with both fixed and non-finite floats (never valid JSON) set
  to None; used by the renderer only when the fast path finds a problem.
"""

from __future__ import annotations

import math
import unicodedata

#: the surrogates that stand for undecodable bytes of a file name (PEP 383)
_ESCAPED_BYTES = range(0xDC80, 0xDD00)
_SHORT_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _is_clean(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def shown_name(name: str) -> str:
    """A file name or path as one line of valid UTF-8 (see the module docstring)."""
    if _is_clean(name) and name.isprintable():
        return name
    out = []
    for ch in name:
        code = ord(ch)
        if code in _ESCAPED_BYTES:
            out.append(f"\\x{code - 0xDC00:02x}")
        elif 0xD800 <= code <= 0xDFFF:
            out.append(f"\\u{code:04x}")
        elif ch in _SHORT_ESCAPES:
            out.append(_SHORT_ESCAPES[ch])
        elif unicodedata.category(ch) in ("Cc", "Zl", "Zp"):
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
        else:
            out.append(ch)
    return "".join(out)


def one_line(message: str) -> str:
    """A message as one line: line breaks and control characters escaped, surrogates too."""
    return shown_name(message)


def clean_text(text: str) -> str:
    """Text with every lone surrogate replaced by U+FFFD (text that is clean comes back as is)."""
    if _is_clean(text):
        return text
    return "".join("\ufffd" if 0xD800 <= ord(ch) <= 0xDFFF else ch for ch in text)


def clean_data(value: object) -> object:
    """A JSON-ready structure that strict JSON and UTF-8 accept: lone surrogates → U+FFFD,
    non-finite floats → None."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {clean_data(key): clean_data(item) for key, item in value.items()}
    if isinstance(value, list):
        return [clean_data(item) for item in value]
    return value
