"""The screens of the study app, one per file: library, reader, and the modal dialogs."""
