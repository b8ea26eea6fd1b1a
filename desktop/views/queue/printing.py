"""Ticket printers: ESC/POS thermal printers, or any Qt printer on an 80 mm page.

A printer is a callable ``(IssuedTicket) -> None`` run on the print worker; it raises
``PrinterError`` with a sentence for the kiosk when the paper does not come out.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

from desktop.documents.ticket import PrinterChoice, PrinterError, print_escpos, ticket_lines
from desktop.i18n import _
from desktop.services.queue import IssuedTicket

TicketPrinter = Callable[[IssuedTicket], None]


def escpos_printer(device: Any, codepage: str = "cp858") -> TicketPrinter:
    """``device`` is a python-escpos printer: Network("192.168.1.50"), Usb(...), Win32Raw."""

    def send(issued: IssuedTicket) -> None:
        print_escpos(device, issued, codepage)

    return send


def ticket_html(issued: IssuedTicket) -> str:
    lines = [html.escape(line) for line in ticket_lines(issued)]
    return (f"<div align='center'><b>{lines[0]}</b><br/>"
            f"<span style='font-size:26pt; font-weight:700; white-space:nowrap'>{lines[1]}</span><br/>"
            + "<br/>".join(lines[2:]) + "</div>")


def qt_printer(printer_name: str = "", output_pdf: str = "") -> TicketPrinter:
    """Print on a Qt printer (the default one, or ``printer_name``) with an 80 mm page;
    ``output_pdf`` writes a PDF instead (tests, archive)."""

    def send(issued: IssuedTicket) -> None:
        from PySide6.QtCore import QMarginsF, QSizeF
        from PySide6.QtGui import QPageLayout, QPageSize, QTextDocument
        from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        if output_pdf:
            printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
            printer.setOutputFileName(output_pdf)
        else:
            info = (QPrinterInfo.printerInfo(printer_name) if printer_name
                    else QPrinterInfo.defaultPrinter())
            if info.isNull():
                raise PrinterError(_("No printer is available for tickets: note the ticket "
                                     "number {code}.").format(code=issued.ticket.code))
            printer.setPrinterName(info.printerName())
        size = QPageSize(QSizeF(80, 120), QPageSize.Unit.Millimeter, "80mm")
        printer.setPageLayout(QPageLayout(size, QPageLayout.Orientation.Portrait,
                                          QMarginsF(4, 4, 4, 4), QPageLayout.Unit.Millimeter))
        document = QTextDocument()
        document.setHtml(ticket_html(issued))
        document.print_(printer)

    return send


#: Seconds the kiosk waits for a networked thermal printer before it gives up.
NETWORK_TIMEOUT_S = 5


def network_escpos_printer(host: str, port: int, codepage: str = "cp858") -> TicketPrinter:
    """A thermal printer on the network, connected afresh for every ticket: a printer that
    was off at start-up, or restarted since, prints the next ticket all the same."""

    def send(issued: IssuedTicket) -> None:
        from escpos.printer import Network

        device = Network(host, port, timeout=NETWORK_TIMEOUT_S)
        try:
            print_escpos(device, issued, codepage)
        finally:
            device.close()

    return send


def printer_for(choice: PrinterChoice) -> TicketPrinter | None:
    """The printer a ``ticket_printer`` setting names; None: tickets on screen only."""
    if choice.kind == "system":
        return qt_printer(choice.name)
    if choice.kind == "escpos":
        return network_escpos_printer(choice.name, choice.port)
    return None
