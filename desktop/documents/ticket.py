"""The paper ticket: its lines, and printing them on an ESC/POS thermal printer.

The text is limited to the printer's code page before it is sent: a character the
code page lacks is replaced by its unaccented form (or "?"), so a printer never
prints garbage. The ticket carries no personal data: number, service, date and time,
people ahead and the estimated wait range.
"""

from __future__ import annotations

import ipaddress
import logging
import re
import unicodedata
from dataclasses import dataclass
from typing import Any, Protocol

from desktop import formatting
from desktop.errors import SportelloError
from desktop.i18n import _

log = logging.getLogger(__name__)


class PrinterError(SportelloError):
    """The ticket printer did not print; the ticket is issued all the same."""


class IssuedLike(Protocol):
    """What a ticket printout needs (``queue.IssuedTicket`` satisfies it)."""

    @property
    def ahead(self) -> int: ...

    @property
    def estimate_low(self) -> int: ...

    @property
    def estimate_high(self) -> int: ...

    @property
    def site_name(self) -> str: ...

    @property
    def ticket(self) -> Any: ...


#: Port of a networked ESC/POS printer when the setting names none (the raw "JetDirect"
#: port that thermal printers listen on).
ESCPOS_PORT = 9100

_HOSTNAME = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?"
                       r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?)*")


@dataclass(frozen=True)
class PrinterChoice:
    """Where the kiosk's tickets go, read from the ``ticket_printer`` setting.

    ``""``                      no paper: the number stays on the kiosk's screen;
    ``"system"``                the system's default printer, on an 80 mm page;
    ``"system:NAME"``           the named system printer (as the print dialog lists it);
    ``"escpos:HOST[:PORT]"``    an ESC/POS thermal printer on the network (port 9100).
    """

    kind: str  # "none", "system" or "escpos"
    name: str = ""
    port: int = ESCPOS_PORT


def parse_printer_choice(spec: str) -> PrinterChoice:
    """The choice a setting names; ValueError with an Italian sentence if it names none."""
    text = spec.strip()
    if not text:
        return PrinterChoice("none")
    kind, _sep, rest = text.partition(":")
    kind = kind.lower()
    if kind == "system":
        if len(rest) > 200:
            raise ValueError(_("The printer name is too long."))
        return PrinterChoice("system", rest.strip())
    if kind == "escpos":
        host, port = _host_and_port(rest.strip())
        return PrinterChoice("escpos", host, port)
    raise ValueError(_("Write the ticket printer as 'system', 'system:PRINTER NAME' or "
                       "'escpos:ADDRESS[:PORT]', or leave it empty for no paper tickets."))


def _host_and_port(text: str) -> tuple[str, int]:
    host, port_text = text, ""
    if text.count(":") == 1:
        host, port_text = text.split(":")
    elif text.startswith("[") and "]" in text:  # [IPv6]:port
        host, _sep, tail = text[1:].partition("]")
        port_text = tail.removeprefix(":")
    port = ESCPOS_PORT
    if port_text:
        if not port_text.isdigit() or not 0 < int(port_text) < 65536:
            raise ValueError(_("The printer port must be a number between 1 and 65535."))
        port = int(port_text)
    try:
        ipaddress.ip_address(host)
    except ValueError:
        if not host or len(host) > 253 or not _HOSTNAME.fullmatch(host):
            raise ValueError(_("Write the thermal printer's network address, for example "
                               "escpos:192.168.1.50.")) from None
    return host, port


def ticket_lines(issued: IssuedLike) -> list[str]:
    """Title, big number, then the details, one string per printed line."""
    when = issued.ticket.issued_at.astimezone()
    return [
        issued.site_name,
        issued.ticket.code,
        issued.ticket.service_name,
        formatting.date_time(when),
        _("People ahead of you: {count}").format(count=issued.ahead),
        _("Estimated wait: {low}-{high} min").format(low=issued.estimate_low,
                                                    high=issued.estimate_high),
        _("Keep this ticket and watch the screen."),
    ]


def limit_to_codepage(text: str, codepage: str) -> str:
    """``text`` with every character the code page cannot encode replaced."""
    out = []
    for char in text:
        try:
            char.encode(codepage)
            out.append(char)
        except UnicodeEncodeError:
            plain = unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode()
            out.append(plain or "?")
    return "".join(out)


def print_escpos(printer: Any, issued: IssuedLike, codepage: str = "cp858") -> None:
    """Print on a python-escpos printer (Network, Usb, Win32Raw, Dummy)."""
    lines = [limit_to_codepage(line, codepage) for line in ticket_lines(issued)]
    try:
        printer.charcode(codepage.upper().replace("CP", "CP"))
        printer.set(align="center", bold=True)
        printer.textln(lines[0])
        printer.set(align="center", double_width=True, double_height=True, bold=True)
        printer.textln(lines[1])
        printer.set(align="center", normal_textsize=True, bold=False)
        for line in lines[2:]:
            printer.textln(line)
        printer.cut()
    except Exception as exc:  # escpos raises its own errors and OSError for a dead device
        log.warning("ticket printer failed: %s", type(exc).__name__)
        raise PrinterError(_("The ticket printer does not answer (off, out of paper or "
                             "disconnected): the ticket is issued, note its number {code}.")
                           .format(code=issued.ticket.code), str(exc)) from exc
