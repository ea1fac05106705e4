"""Widgets shared by pages and dialogs (no copy-paste between pages)."""
