"""Widgets of the study app. They receive plain models and report with messages; none of them
touches the library (the App owns the Store)."""
