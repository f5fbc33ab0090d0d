"""`readlist doctor`: check the library on disk, and repair it on request."""

from __future__ import annotations

from typing import Annotated

import typer

from readlist.cli import app
from readlist.cli.common import JsonFlag, print_json, say
from readlist.errors import LibraryError


@app.command(
    "doctor",
    epilog="\b\nExamples:\n  readlist doctor\n  readlist doctor --repair",
)
def doctor(
    repair: Annotated[
        bool,
        typer.Option("--repair", help="Fix what was found: restore the newest good backup for "
                     "damaged files, rebuild indexes, remove orphan records."),
    ] = False,
    json: JsonFlag = False,
) -> None:
    """Check the library's files (sizes, checksums) and the references between its records."""
    from readlist.paths import resolve_home
    from readlist.service import doctor as checks

    report = checks.run(resolve_home(), repair_it=repair)
    result, after = report.found, report.after
    if json:
        print_json({
            "library": str(report.library),
            "healthy": after.healthy,
            "generation": after.generation,
            "papers": after.papers,
            "digests": after.digests,
            "states": after.states,
            "found": [{"problem": f.message, "repair": f.repair} for f in result.findings],
            "repaired": report.repaired,
            "remaining": [f.message for f in after.findings],
            "backups": report.backups,
        })
    else:
        say(f"library: {report.library}")
        for finding in result.findings:
            say(f"problem: {finding.message} (repair: {finding.repair})")
        for line in report.repaired:
            say(f"repaired: {line}")
        if after.healthy:
            say(f"ok: generation {after.generation}, {after.papers} papers, {after.digests} digests, "
                f"{after.states} papers with your state")
        elif not repair:
            say("run `readlist doctor --repair` to fix it")
    if not after.healthy:
        if repair:
            raise LibraryError("the library still has problems after repair: "
                               + "; ".join(f.message for f in after.findings))
        raise typer.Exit(3)
