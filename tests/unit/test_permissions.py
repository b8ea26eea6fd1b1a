import pytest

from desktop.errors import PermissionDenied
from desktop.infra.database import Database
from desktop.services.security.accounts import OperatorInfo
from desktop.services.security.permissions import Permission, allowed, require


def op(role: str) -> OperatorInfo:
    import uuid

    return OperatorInfo(uuid.uuid4(), "x", "X", role, "S", cli=True)


def test_only_targeted_placement_and_manager_read_l68_data() -> None:
    readers = {r for r in ("sportello", "operatore", "collocamento_mirato", "responsabile")
               if allowed(op(r), Permission.TARGETED_PLACEMENT_READ)}
    assert readers == {"collocamento_mirato", "responsabile"}


def test_denial_is_an_italian_sentence(db: Database) -> None:
    with pytest.raises(PermissionDenied) as info:
        require(op("sportello"), Permission.ACCOUNTS_MANAGE, db)
    assert "ruolo" in info.value.user_message


def test_unknown_role_may_do_nothing() -> None:
    assert not any(allowed(op("intruder"), p) for p in Permission)
