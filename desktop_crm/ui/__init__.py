"""The PySide6 user interface: main window, pages, table models, dialogs and shared widgets."""
