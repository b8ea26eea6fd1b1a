import json
from pathlib import Path

import pytest

from desktop.errors import ValidationError
from desktop.settings import Settings, load_settings, save_settings, validate_changes


def test_missing_file_gives_defaults(tmp_path: Path) -> None:
    settings, warning = load_settings(tmp_path / "none.json")
    assert settings == Settings()
    assert warning is None
    assert settings.language == "it"


@pytest.mark.parametrize("content", [b"{not json", b"\xff\xfe\x00garbage", b"[1, 2, 3]"])
def test_garbage_file_gives_defaults_and_one_italian_sentence(tmp_path: Path,
                                                              content: bytes) -> None:
    path = tmp_path / "settings.json"
    path.write_bytes(content)
    settings, warning = load_settings(path)
    assert settings.language == Settings().language
    assert settings.database_url == ""
    assert warning is not None
    assert "impostazioni" in warning.user_message
    assert "non ha modificato il file" in warning.user_message
    assert path.read_bytes() == content  # untouched


def test_bad_field_keeps_the_good_ones(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"language": "en", "idle_lock_minutes": "five",
                                "sync_server_url": "ftp://x", "unknown": 1}))
    settings, warning = load_settings(path)
    assert settings.language == "en"
    assert settings.idle_lock_minutes == Settings().idle_lock_minutes
    assert warning is not None
    assert "idle_lock_minutes" in warning.user_message
    assert "sync_server_url" in warning.user_message


def test_save_and_load_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "conf" / "settings.json"
    original = Settings(language="en", sync_server_url="https://region.example", backup_keep=7)
    save_settings(original, path)
    loaded, warning = load_settings(path)
    assert warning is None
    assert loaded == original
    assert not list(path.parent.glob(".settings-*"))  # no temp file left behind


def test_validate_changes_reports_each_bad_field_in_italian() -> None:
    with pytest.raises(ValidationError) as info:
        validate_changes(Settings(), {"sync_server_url": "region.example",
                                      "idle_lock_minutes": 999, "workstation": ""})
    assert set(info.value.fields) == {"sync_server_url", "idle_lock_minutes", "workstation"}
    assert "http://" in info.value.fields["sync_server_url"]
    assert validate_changes(Settings(), {"backup_keep": 3}).backup_keep == 3
