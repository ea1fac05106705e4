"""Bringing customers in (CSV and vCard files), in bulk.

An import validates every row as the customer dialog does, skips the rows whose email
(ignoring case) or E.164 phone is already known (in the database or earlier in the file), and
writes the rest in ONE transaction: cancelled or failed, it leaves the database as it was.

It must handle 100,000 rows in a few seconds, so rows never become ORM objects: validation runs
on chunks of rows (in worker processes when there are many and more than one core: phone
parsing alone costs ~45 us a row), and the main process, holding the transaction, writes each
checked chunk with executemany — plain DB-API on SQLite (ids handed out under the write
lock), SQLAlchemy Core elsewhere. Workers are started with "spawn" (as on Windows) and run
top-level functions that touch no database.
"""
