"""The only code that touches TinyDB and files."""
