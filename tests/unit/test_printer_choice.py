"""The kiosk's ``ticket_printer`` setting: what it may say, and the sentence when it is wrong."""

from __future__ import annotations

import pytest

from desktop.documents.ticket import ESCPOS_PORT, PrinterChoice, parse_printer_choice
from desktop.errors import ValidationError
from desktop.settings import Settings, parse_settings, validate_changes


@pytest.mark.parametrize(("spec", "expected"), [
    ("", PrinterChoice("none")),
    ("  ", PrinterChoice("none")),
    ("system", PrinterChoice("system")),
    ("SYSTEM:Epson TM-T20 (ingresso)", PrinterChoice("system", "Epson TM-T20 (ingresso)")),
    ("escpos:192.168.1.50", PrinterChoice("escpos", "192.168.1.50", ESCPOS_PORT)),
    ("escpos:192.168.1.50:9101", PrinterChoice("escpos", "192.168.1.50", 9101)),
    ("escpos:stampante-ingresso.cpi.local", PrinterChoice("escpos", "stampante-ingresso.cpi.local")),
    ("escpos:[fe80::1]:9100", PrinterChoice("escpos", "fe80::1", 9100)),
])
def test_valid_choices(spec: str, expected: PrinterChoice) -> None:
    assert parse_printer_choice(spec) == expected


@pytest.mark.parametrize(("spec", "words"), [
    ("laser", "escpos:INDIRIZZO"),
    ("usb:0x04b8", "escpos:INDIRIZZO"),
    ("escpos:", "indirizzo di rete"),
    ("escpos:stampante ingresso", "indirizzo di rete"),
    ("escpos:-bad-.local", "indirizzo di rete"),
    ("escpos:192.168.1.50:0", "porta"),
    ("escpos:192.168.1.50:65536", "porta"),
    ("escpos:192.168.1.50:nove", "porta"),
    ("system:" + "x" * 201, "troppo lungo"),
])
def test_wrong_choices_say_what_to_write(spec: str, words: str) -> None:
    with pytest.raises(ValueError, match=words):
        parse_printer_choice(spec)


def test_settings_form_and_file_refuse_a_wrong_printer() -> None:
    with pytest.raises(ValidationError) as caught:
        validate_changes(Settings(), {"ticket_printer": "laser"})
    assert "escpos:INDIRIZZO" in caught.value.fields["ticket_printer"]
    assert validate_changes(Settings(), {"ticket_printer": "escpos:10.0.0.9"}).ticket_printer \
        == "escpos:10.0.0.9"
    settings, rejected = parse_settings({"ticket_printer": "escpos:10.0.0.9:abc",
                                         "language": "it"})
    assert rejected == ["ticket_printer"] and settings.ticket_printer == ""
