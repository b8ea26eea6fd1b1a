import pytest
from codicefiscale import codicefiscale
from sqlalchemy import func, select
from stdnum.it import codicefiscale as stdnum_cf

from desktop.demo import DEMO_PASSWORD, DEMO_USERNAME, create_demo
from desktop.errors import AuthenticationError
from desktop.infra.database import Database
from desktop.models import Centre, Counter, Operator, Person, Service
from desktop.services.organisation.centre import site_info
from desktop.services.security.accounts import authenticate
from desktop.services.security.passwords import hash_password, verify_password

REFUSED = ("Accesso non riuscito: nome utente o password errati, oppure troppi "
           "tentativi (in tal caso riprova tra qualche minuto).")


def test_demo_creates_the_fictional_centre(demo_db: Database) -> None:
    site = site_info(demo_db)
    assert site.centre_name == "CPI Firenze"
    assert site.site_name == "Sede centrale"
    assert [s.prefix for s in site.services] == ["A", "B", "C", "D", "E"]
    assert [c.number for c in site.counters] == [1, 2, 3, 4, 5]
    assert site.counters[0].service_prefixes == ("A", "B")


def test_demo_people_have_valid_codici_fiscali(demo_db: Database) -> None:
    with demo_db.read() as session:
        rows = session.execute(select(Person.fiscal_code, Person.birth_date, Person.sex)).all()
    assert len(rows) == 30
    for code, birth, sex in rows:
        assert codicefiscale.is_valid(code)
        assert stdnum_cf.is_valid(code)
        decoded = codicefiscale.decode(code)
        assert decoded["birthdate"].date() == birth
        assert decoded["gender"] == sex


def test_demo_is_created_once(demo_db: Database) -> None:
    assert create_demo(demo_db) is False
    with demo_db.read() as session:
        assert session.scalar(select(func.count()).select_from(Centre)) == 1
        assert session.scalar(select(func.count()).select_from(Service)) == 5
        assert session.scalar(select(func.count()).select_from(Counter)) == 5


def test_passwords_are_hashed_not_stored(demo_db: Database) -> None:
    with demo_db.read() as session:
        stored = session.scalars(select(Operator.password_hash)).all()
    assert stored and all(h.startswith("$argon2id$") and DEMO_PASSWORD not in h for h in stored)
    hashed = hash_password("segreta")
    assert verify_password("segreta", hashed)
    assert not verify_password("Segreta", hashed)
    assert hash_password("segreta") != hashed  # salted


def test_demo_operator_logs_in(demo_db: Database) -> None:
    operator = authenticate(demo_db, " DEMO ", DEMO_PASSWORD)
    assert operator.username == DEMO_USERNAME
    assert operator.role == "responsabile"
    assert operator.site_code == "FI01-SC"


@pytest.mark.parametrize("user,password", [("demo", "wrong"), ("nobody", "demo"), ("", ""),
                                           ("demo'; DROP TABLE operator; --", "x")])
def test_wrong_credentials_are_refused_in_italian(demo_db: Database, user: str,
                                                  password: str) -> None:
    with pytest.raises(AuthenticationError) as info:
        authenticate(demo_db, user, password)
    assert info.value.user_message in (REFUSED,
                                       "Inserisci nome utente e password.")
    with demo_db.read() as session:
        assert session.scalar(select(func.count()).select_from(Operator)) == 5
