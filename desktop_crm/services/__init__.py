"""One module per capability. Each public method is one unit of work and returns frozen
dataclasses, never ORM objects or live sessions."""
