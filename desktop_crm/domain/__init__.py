"""Pure rules on plain values. Imports nothing from the project, no Qt, no SQLAlchemy."""
