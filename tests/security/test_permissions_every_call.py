"""No service can forget the permission check (issue 19).

Every public service function that acts for an ``actor`` must reach ``require`` (or
``check_current``) itself or through the functions it calls, and every ``require``
must be given the database or the session, so that it reads the account as it is now.
Before, ``require(actor, permission)`` trusted the role read at login.
"""

from __future__ import annotations

import ast
from pathlib import Path

SERVICES = Path(__file__).resolve().parents[2] / "desktop" / "services"

#: Functions that take an actor without acting for it, and why.
NOT_ACTIONS = {
    "allowed": "answers what a role allows, for a view to hide a button",
    "check_current": "is the check",
    "is_cli": "part of the check",
    "record": "the audit line, written inside a service that has checked",
    "audit_created": "the bulk import's audit lines, inside a checked import",
    "operator_id": "reads the actor's id for a queue row",
    "record_step": "a vacancy step's history, audit and outbox rows, inside a checked service",
    "log_out": "leaving the workstation needs no permission: it writes the log-out line",
}


def _functions() -> dict[str, list[tuple[Path, ast.FunctionDef]]]:
    found: dict[str, list[tuple[Path, ast.FunctionDef]]] = {}
    for path in sorted(SERVICES.rglob("*.py")):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.FunctionDef):
                found.setdefault(node.name, []).append((path, node))
    return found


def _calls(node: ast.AST) -> list[ast.Call]:
    return [n for n in ast.walk(node) if isinstance(n, ast.Call)]


def _name(call: ast.Call) -> str:
    func = call.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def test_every_require_reads_the_account_as_it_is_now() -> None:
    short = [f"{path.relative_to(SERVICES)}:{call.lineno}"
             for defs in _functions().values() for path, node in defs
             for call in _calls(node)
             if _name(call) == "require" and len(call.args) + len(call.keywords) < 3]
    assert not short, f"require() without the database or session: {short}"


def test_every_service_acting_for_an_actor_checks_it() -> None:
    functions = _functions()
    checking = {"require", "check_current"}
    grown = True
    while grown:  # a function checks if every definition of it calls one that checks
        grown = False
        for name, defs in functions.items():
            if name not in checking and all(
                    {_name(c) for c in _calls(node)} & checking for _p, node in defs):
                checking.add(name)
                grown = True
    unchecked = []
    for name, defs in functions.items():
        for path, node in defs:
            params = {a.arg for a in node.args.args + node.args.kwonlyargs}
            if "actor" in params and not name.startswith("_") and name not in checking \
                    and name not in NOT_ACTIONS:
                unchecked.append(f"{path.relative_to(SERVICES)}:{name}")
    assert not unchecked, f"services taking an actor without a permission check: {unchecked}"
    assert len(checking) > 80  # the scan really sees the services
