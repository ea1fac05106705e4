"""Printable documents (ReportLab PDFs): comment cards, guarantee letters, expectation forms,
reminder notes, the company brochure and the day's agenda.

One module per document; ``fonts``, ``context`` and ``layout`` are shared by all of them and
``api`` is the one entry point the UI and the CLI call. No Qt here.
"""
