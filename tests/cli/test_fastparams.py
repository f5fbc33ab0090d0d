"""Parameter conversion without Pydantic gives what Typer's own conversion gives."""

from __future__ import annotations

import typer
from typer.main import get_command

from readlist.cli import app, fastparams
from readlist.models import ReadState


def test_every_readlist_parameter_gets_a_light_converter() -> None:
    group = get_command(app)
    ctx = typer.Context(group)
    params = [p for command in group.commands.values() for p in command.get_params(ctx)]
    fastparams.install(params)
    missing = [p.name for p in params if not isinstance(getattr(p, "_runtime_param", None),
                                                        fastparams.LightParam)]
    assert missing == []


def _convert(args: list[str], *, light: bool) -> dict[str, object]:
    seen: dict[str, object] = {}
    probe = typer.Typer()

    @probe.command()
    def run(state: ReadState, names: list[str], limit: int = 3, flag: bool = False,
            where: str | None = None) -> None:
        seen.update(state=state, names=names, limit=limit, flag=flag, where=where)

    command = get_command(probe)
    if light:
        fastparams.install(command.get_params(typer.Context(command)))
    command.main(args, standalone_mode=False)
    return seen


def test_values_convert_like_typer() -> None:
    args = ["read", "a", "b", "--limit", "7", "--flag"]
    light = _convert(args, light=True)
    assert light == {"state": ReadState.READ, "names": ["a", "b"], "limit": 7, "flag": True,
                     "where": None}
    assert light == _convert(args, light=False)
