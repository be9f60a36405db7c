"""The Textual study app: a thin layer over the core."""
