"""Converting command-line values without Pydantic, for a fast start.

Recent Typer converts every parameter that is not a flag through a Pydantic TypeAdapter,
which imports Pydantic: about 0.2 s on every command, more than all of `readlist list`.
readlist's parameters are only strings, lists of strings, integers and string enums, so
they are converted here directly, with Click's usual error messages.

This uses Typer's per-parameter cache (`_runtime_param`). When a Typer version has no such
cache, or a parameter has a type not handled here, nothing is installed and Typer converts
as usual: slower, same result. tests/cli/test_startup.py checks that Pydantic stays out.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from typing import Any, get_args, get_origin

import typer

_SIMPLE = (str, int, bool)
_TRUE = ("1", "true", "t", "yes", "y", "on")
_FALSE = ("0", "false", "f", "no", "n", "off")


class LightParam:
    """Typer's runtime-conversion interface for str, int (with min/max), bool, list[str] and
    string enums."""

    def __init__(self, annotation: Any, info: Any) -> None:
        self.annotation = annotation
        self.item = get_args(annotation)[0] if get_origin(annotation) is list else annotation
        self.minimum = getattr(info, "min", None)
        self.maximum = getattr(info, "max", None)
        self.case_sensitive = getattr(info, "case_sensitive", True)

    @staticmethod
    def handles(annotation: Any) -> bool:
        if get_origin(annotation) is list:
            args = get_args(annotation)
            return len(args) == 1 and args[0] is str
        return annotation in _SIMPLE or (
            isinstance(annotation, type) and issubclass(annotation, enum.Enum)
            and issubclass(annotation, str)
        )

    def coerce(self, value: Any, param: Any, ctx: Any) -> Any:
        multi = param.multiple or param.nargs == -1
        if value is None:
            return () if multi else None
        if multi:
            if isinstance(value, str):
                raise typer.BadParameter("Value must be an iterable.", ctx=ctx, param=param)
            return [self._one(v, param, ctx) for v in value]
        return self._one(value, param, ctx)

    def _one(self, value: Any, param: Any, ctx: Any) -> Any:
        kind = self.item
        if isinstance(value, kind):
            result = value
        elif kind is str:
            result = str(value)
        elif kind is bool:
            result = self._bool(str(value), param, ctx)
        elif kind is int:
            try:
                result = int(str(value).strip())
            except ValueError:
                raise typer.BadParameter(f"{value!r} is not a valid integer.", ctx=ctx,
                                         param=param) from None
        else:
            result = self._choice(kind, str(value), param, ctx)
        if kind is int:
            self._check_range(result, param, ctx)
        return result

    @staticmethod
    def _bool(value: str, param: Any, ctx: Any) -> bool:
        folded = value.strip().casefold()
        if folded in _TRUE or folded in _FALSE:
            return folded in _TRUE
        raise typer.BadParameter(f"{value!r} is not a valid boolean.", ctx=ctx, param=param)

    def _choice(self, kind: type[enum.Enum], value: str, param: Any, ctx: Any) -> Any:
        for member in kind:
            wanted = str(member.value)
            if value == wanted or (not self.case_sensitive and value.casefold() == wanted.casefold()):
                return member
        choices = ", ".join(repr(str(m.value)) for m in kind)
        raise typer.BadParameter(f"{value!r} is not one of {choices}.", ctx=ctx, param=param)

    def _check_range(self, value: int, param: Any, ctx: Any) -> None:
        if self.minimum is not None and value < self.minimum:
            raise typer.BadParameter(f"{value} is smaller than the minimum {self.minimum}.",
                                     ctx=ctx, param=param)
        if self.maximum is not None and value > self.maximum:
            raise typer.BadParameter(f"{value} is larger than the maximum {self.maximum}.",
                                     ctx=ctx, param=param)


def install(params: Iterable[Any]) -> None:
    """Give each parameter Typer would convert through Pydantic a LightParam instead."""
    for param in params:
        descriptor = getattr(param, "type_descriptor", None)
        if descriptor is None or getattr(param, "_runtime_param", False) is not None:
            continue  # another Typer version, or already converted
        if getattr(descriptor, "file_annotation", None) is not None:
            continue
        annotation = getattr(descriptor, "annotation", None)
        if not LightParam.handles(annotation):
            continue
        param._runtime_param = LightParam(annotation, getattr(descriptor, "parameter_info", None))
