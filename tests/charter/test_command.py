"""``sportello charter check|adopt`` on a default installation (encrypted, its key kept)."""

from __future__ import annotations

from pathlib import Path

from tests.helpers.installation import default_installation, sportello


def test_check_then_adopt_from_the_command_line(isolated_home: Path) -> None:
    default_installation(isolated_home, demo_people=5)
    checked = sportello("charter", "check", "--edition", "imprese", "--user", "demo",
                        home=isolated_home)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "Nessuno standard contraddice la configurazione." in checked.stdout
    adopted = sportello("charter", "adopt", "--edition", "imprese", "--from", "2099-01-01",
                        "--user", "demo", home=isolated_home)
    assert adopted.returncode == 0, adopted.stdout + adopted.stderr
    assert "Edizione imprese n. 2 adottata: in vigore dal 01/01/2099." in adopted.stdout
    refused = sportello("charter", "adopt", "--edition", "imprese", "--from", "2098-01-01",
                        "--user", "g.bellini", home=isolated_home)
    assert refused.returncode != 0
    assert "Traceback" not in refused.stderr
