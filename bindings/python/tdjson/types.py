"""The td_api types of tdjson/types.pyi, for annotations.

Type checkers read types.pyi (generated from schema/td_api.tl by gen_stubs.py): one TypedDict
per constructor and function, a Union per abstract class. At run time every such name is just
`dict`, so `from tdjson.types import Message` works in annotations and isinstance checks alike.
"""


def __getattr__(name):
    if name[:1].isupper():
        return dict
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
