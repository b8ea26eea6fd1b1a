"""The application's look: Fusion style plus one stylesheet, high contrast, calm colours."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

ACCENT = "#1D4E89"
ACCENT_DARK = "#153A66"
SURFACE = "#F4F6F9"
TEXT = "#1F2937"
MUTED = "#4B5563"  # 7:1 on SURFACE (#6B7280 was 4.47:1, below WCAG AA)
OK = "#15803D"
WARN = "#B45309"
BAD = "#B91C1C"

STYLESHEET = f"""
QMainWindow, QDialog {{ background: {SURFACE}; }}
QWidget {{ color: {TEXT}; }}
#NavList {{
    background: {ACCENT}; border: none; color: white; font-size: 11pt; outline: 0;
    padding-top: 8px;
}}
#NavList::item {{ padding: 10px 14px; border-left: 4px solid transparent; color: white; }}
#NavList::item:selected {{ background: {ACCENT_DARK}; border-left: 4px solid #F2B705; }}
#NavList::item:hover:!selected {{ background: #2A5F9E; }}
#NavHeader {{ background: {ACCENT}; color: white; padding: 14px 14px 4px 14px; }}
#NavTitle {{ color: white; font-size: 15pt; font-weight: bold; }}
#NavSubtitle {{ color: #D6E2F0; font-size: 9pt; }}
#PageTitle {{ font-size: 17pt; font-weight: bold; color: {ACCENT}; }}
#PageSubtitle {{ color: {MUTED}; font-size: 10pt; }}
#Card {{ background: white; border: 1px solid #DDE3EA; border-radius: 8px; }}
#CardTitle {{ font-size: 11.5pt; font-weight: bold; color: {TEXT}; }}
#Muted {{ color: {MUTED}; }}
#ErrorLabel {{ color: {BAD}; }}
#FieldError {{ color: {BAD}; font-size: 9pt; }}
#Banner {{ background: #FEF3C7; border: 1px solid #F59E0B; border-radius: 6px; padding: 8px; }}
QPushButton {{
    padding: 6px 14px; border-radius: 5px; border: 1px solid #B8C2CC; background: white;
}}
QPushButton:hover {{ background: #EEF2F7; }}
QPushButton:focus {{ border: 2px solid {ACCENT}; }}
QPushButton[primary="true"] {{ background: {ACCENT}; color: white; border: 1px solid {ACCENT}; }}
QPushButton[primary="true"]:hover {{ background: {ACCENT_DARK}; }}
QLineEdit, QPlainTextEdit, QTextEdit {{
    padding: 5px; border: 1px solid #B8C2CC; border-radius: 4px; background: white;
}}
QComboBox, QSpinBox, QDateEdit {{ min-height: 24px; }}
QLineEdit:focus {{ border: 2px solid {ACCENT}; }}
QLineEdit[invalid="true"] {{ border: 2px solid {BAD}; }}
QStatusBar {{ background: white; border-top: 1px solid #DDE3EA; }}
QStatusBar QLabel {{ padding: 0 8px; }}
QTableView {{ background: white; gridline-color: #E5E7EB; selection-background-color: #CFE0F5;
             selection-color: {TEXT}; }}
QHeaderView::section {{ background: #E8EEF6; padding: 5px; border: none;
                        border-bottom: 1px solid #B8C2CC; font-weight: bold; }}
"""


def apply_style(app: QApplication) -> None:
    app.setStyle("Fusion")
    app.setStyleSheet(STYLESHEET)
