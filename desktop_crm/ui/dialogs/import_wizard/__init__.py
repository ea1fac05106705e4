"""Bring customers in from a CSV or vCard file: choose it, check the columns, import, see problems.

The import itself runs off the UI thread behind a progress dialog with Cancel; a cancelled
import writes nothing. Rows that cannot be imported are listed with the reason and can be saved
as a CSV file to correct and import again (rows already imported are skipped then).
"""
