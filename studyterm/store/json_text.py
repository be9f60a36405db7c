"""JSON text for the library's columns, made quickly: an import writes two texts per item.

`to_json(value)` is `json.dumps(value, ensure_ascii=False)`, byte for byte. `json.dumps` (and a
`JSONEncoder` kept for reuse) makes a new C encoder for every call: for the ~70,000 items of a
library import of 189 episodes that setting-up cost as much as the encoding. The C encoder is
made here once and called directly (where Python has none, the `JSONEncoder` answers).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

__all__ = ["to_json"]


def _refuse(value: object) -> Any:
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def _encoder() -> Callable[[Any], str]:
    try:
        from _json import make_encoder
    except ImportError:  # a Python without the C accelerator
        return json.JSONEncoder(ensure_ascii=False).encode
    from json.encoder import encode_basestring

    # the arguments of `JSONEncoder.iterencode` for the defaults and ensure_ascii=False (no
    # check for circular data: the columns hold plain values)
    encode = make_encoder(None, _refuse, encode_basestring, None, ": ", ", ", False, False, True)

    def to_json(value: Any) -> str:
        return "".join(encode(value, 0))

    return to_json


to_json = _encoder()
